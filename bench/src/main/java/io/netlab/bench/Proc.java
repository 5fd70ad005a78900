package io.netlab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the bench reads about processes: CPU time, RSS, threads, live heap after a GC. */
final class Proc {

	/** Linux USER_HZ; 100 on every mainstream kernel build. */
	private static final long TICK_NANOS = 10_000_000L;

	private static final Pattern G1_USED = Pattern.compile("garbage-first heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

	private Proc() {
	}

	/** Kernel TCP counters that show dropped or retried connection attempts (TcpExt of /proc/net/netstat). */
	static final List<String> TCP_COUNTERS = List.of("ListenOverflows", "ListenDrops", "TCPSynRetrans", "TCPReqQFullDrop",
			"TCPBacklogDrop", "TCPTimeouts");

	static java.util.Map<String, Long> tcpCounters() {
		java.util.Map<String, Long> values = new java.util.LinkedHashMap<>();
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
			for (int i = 0; i + 1 < lines.size(); i += 2) {
				if (lines.get(i).startsWith("TcpExt:")) {
					String[] names = lines.get(i).split("\\s+");
					String[] nums = lines.get(i + 1).split("\\s+");
					for (int k = 1; k < names.length && k < nums.length; k++) {
						if (TCP_COUNTERS.contains(names[k])) {
							values.put(names[k], Long.parseLong(nums[k]));
						}
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or unreadable: no counters
		}
		return values;
	}

	/** after - before, keeping only counters that moved. */
	static java.util.Map<String, Long> delta(java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
		java.util.Map<String, Long> d = new java.util.LinkedHashMap<>();
		after.forEach((k, v) -> {
			long diff = v - before.getOrDefault(k, 0L);
			if (diff != 0) {
				d.put(k, diff);
			}
		});
		return d;
	}

	static long selfPid() {
		return ProcessHandle.current().pid();
	}

	/** utime + stime of the whole process, in nanoseconds; -1 if it cannot be read. */
	static long cpuNanos(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// after the command: state(0) ppid(1) ... utime is field 14 of stat, index 11 here
			return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** A field of /proc/PID/status (e.g. VmRSS in kB, Threads, Cpus_allowed_list), or "?". */
	static String status(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith(field + ":")) {
					return line.substring(field.length() + 1).trim().replace(" kB", "");
				}
			}
		}
		catch (IOException ex) {
			// gone
		}
		return "?";
	}

	static long rssKiB(long pid) {
		try {
			return Long.parseLong(status(pid, "VmRSS"));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** Live heap in KiB: {@code jcmd PID GC.run}, then the G1 "used" of {@code GC.heap_info}. */
	static long liveHeapKiB(long pid) {
		run(List.of("jcmd", Long.toString(pid), "GC.run"));
		String info = run(List.of("jcmd", Long.toString(pid), "GC.heap_info"));
		Matcher m = G1_USED.matcher(info);
		return m.find() ? Long.parseLong(m.group(2)) : -1;
	}

	/** Run a short command (bounded: 60 s) and return its output. */
	static String run(List<String> command) {
		try {
			Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
			byte[] out = p.getInputStream().readAllBytes();
			if (!p.waitFor(60, TimeUnit.SECONDS)) {
				p.destroyForcibly();
			}
			return new String(out, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "failed: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

}
