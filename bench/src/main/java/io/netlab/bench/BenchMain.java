package io.netlab.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The benchmark driver, started by {@code bench/run.sh} with both servers already up. It runs
 * the scenarios in one JVM (so the client's own JIT stays warm), alternating netlab and Netty
 * round by round, prints each round as it ends, and writes the markdown tables to
 * {@code out=FILE}.
 *
 * <p>Arguments are {@code key=value}: {@code netlab.pid}, {@code netty.pid}, {@code netlab.url},
 * {@code netlab.<listener>} and {@code netty.<listener>} ports, {@code rounds},
 * {@code round.secs}, {@code warmup.secs}, {@code scenarios} (e.g. {@code 1,2,6}),
 * {@code scale.conns}, {@code scale.step}, {@code scale.secs}, {@code udp.loss.ms},
 * {@code check.rounds}, {@code check.secs}, {@code epoll} (path of the C client), {@code out}.
 */
public final class BenchMain {

	private final Map<String, String> conf;

	private final StringBuilder md = new StringBuilder();

	private final long netlabPid;

	private final long nettyPid;

	private BenchMain(Map<String, String> conf) {
		this.conf = conf;
		this.netlabPid = Long.parseLong(conf.get("netlab.pid"));
		this.nettyPid = Long.parseLong(conf.get("netty.pid"));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> conf = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (eq > 0) {
				conf.put(arg.substring(0, eq), arg.substring(eq + 1));
			}
		}
		Locale.setDefault(Locale.ROOT);
		new BenchMain(conf).runAll();
	}

	private String get(String key, String fallback) {
		return this.conf.getOrDefault(key, fallback);
	}

	private int getInt(String key, int fallback) {
		return Integer.parseInt(get(key, Integer.toString(fallback)));
	}

	private void say(String line) {
		System.out.println(line);
		System.out.flush();
	}

	private void runAll() throws Exception {
		Set<Integer> selected = Arrays.stream(get("scenarios", "1,2,3,4,5,6,7").split(","))
			.map(String::trim)
			.filter(s -> !s.isEmpty())
			.map(Integer::valueOf)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		say(String.format("CPU placement: client (this JVM) on CPUs %s; netlab pid %d on CPUs %s; Netty pid %d on CPUs %s",
				Proc.status(Proc.selfPid(), "Cpus_allowed_list"), this.netlabPid,
				Proc.status(this.netlabPid, "Cpus_allowed_list"), this.nettyPid,
				Proc.status(this.nettyPid, "Cpus_allowed_list")));
		this.md.append(String.format("CPU placement checked from /proc: client CPUs %s, netlab CPUs %s, Netty CPUs %s.%n%n",
				Proc.status(Proc.selfPid(), "Cpus_allowed_list"), Proc.status(this.netlabPid, "Cpus_allowed_list"),
				Proc.status(this.nettyPid, "Cpus_allowed_list")));
		for (Scenario scenario : Scenario.ALL) {
			if (!selected.contains(scenario.id())) {
				continue;
			}
			say("");
			say("== " + scenario.label());
			switch (scenario.kind()) {
				case TCP, UDP -> pingPong(scenario);
				case SCALE -> scale(scenario);
				case OVERHEAD -> overhead(scenario);
				case SKIPPED -> {
					say("scenario " + scenario.id() + ": skipped (" + scenario.note() + ")");
					this.md.append("### ").append(scenario.label()).append("\n\n")
						.append("scenario ").append(scenario.id()).append(": skipped (").append(scenario.note())
						.append(")\n\n");
				}
			}
			if (scenario.id() == 1 && this.conf.containsKey("epoll")) {
				clientCheck(scenario);
			}
		}
		netlabStats();
		String out = this.conf.get("out");
		if (out != null) {
			Files.writeString(Path.of(out), this.md.toString(), StandardCharsets.UTF_8);
		}
	}

	// ---------------------------------------------------------------- ping-pong scenarios

	private RoundResult round(Scenario s, String server, long seconds) throws IOException {
		boolean netlab = server.equals("netlab");
		String key = (netlab ? "netlab." + s.netlabListener() : "netty." + s.nettyListener());
		String port = this.conf.get(key);
		if (port == null) {
			throw new IllegalArgumentException("no port given for " + key);
		}
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(port));
		long pid = netlab ? this.netlabPid : this.nettyPid;
		long nanos = seconds * 1_000_000_000L;
		if (s.kind() == Scenario.Kind.UDP) {
			long loss = getInt("udp.loss.ms", 200) * 1_000_000L;
			return new UdpPingPong(address, s.payloadBytes(), s.connections(), loss).run(server, nanos, pid);
		}
		return new TcpPingPong(address, s.wire(), s.payloadBytes(), s.connections()).run(server, nanos, pid);
	}

	private void pingPong(Scenario s) throws IOException {
		int rounds = getInt("rounds", 5);
		int roundSecs = getInt("round.secs", 10);
		int warmupSecs = getInt("warmup.secs", 5);
		say(String.format("warm-up %d s per server (discarded), then %d rounds x %d s, alternating netlab / Netty",
				warmupSecs, rounds, roundSecs));
		List<RoundResult> netlab = new ArrayList<>();
		List<RoundResult> netty = new ArrayList<>();
		if (warmupSecs > 0) {
			say("  warm-up " + round(s, "netlab", warmupSecs).summary());
			say("  warm-up " + round(s, "Netty", warmupSecs).summary());
		}
		for (int r = 1; r <= rounds; r++) {
			RoundResult a = round(s, "netlab", roundSecs);
			say(String.format("  round %d %s", r, a.summary()));
			netlab.add(a);
			RoundResult b = round(s, "Netty", roundSecs);
			say(String.format("  round %d %s", r, b.summary()));
			netty.add(b);
		}
		String table = pingPongTable(s, netlab, netty);
		say("");
		say(table);
		this.md.append("### ").append(s.label()).append("\n\n").append(table).append('\n');
	}

	/**
	 * Scenario 7: scenario 1 against netlab only, alternating rounds with an observer (a live
	 * {@code /ws/events} subscriber that reads every frame, and a scrape of
	 * {@code /actuator/prometheus} every second) and without.
	 */
	private void overhead(Scenario s) throws Exception {
		int rounds = getInt("rounds", 5);
		int roundSecs = getInt("round.secs", 10);
		int warmupSecs = getInt("warmup.secs", 5);
		String url = this.conf.get("netlab.url");
		say(String.format("netlab only: %d rounds x %d s, alternating with and without a /ws/events subscriber and a"
				+ " 1 s /actuator/prometheus scrape", rounds, roundSecs));
		if (warmupSecs > 0) {
			say("  warm-up " + round(s, "netlab", warmupSecs).summary());
		}
		List<RoundResult> observed = new ArrayList<>();
		List<RoundResult> plain = new ArrayList<>();
		java.util.concurrent.atomic.AtomicLong frames = new java.util.concurrent.atomic.AtomicLong();
		for (int r = 1; r <= rounds; r++) {
			try (Observer observer = new Observer(url, frames)) {
				RoundResult a = round(s, "netlab", roundSecs);
				say(String.format("  round %d observed %s", r, a.summary()));
				observed.add(a);
			}
			RoundResult b = round(s, "netlab", roundSecs);
			say(String.format("  round %d plain    %s", r, b.summary()));
			plain.add(b);
		}
		double ratio = median(observed, RoundResult::rate) / median(plain, RoundResult::rate);
		String table = String.format("| netlab | msgs/s median (min–max) | p99 µs | server CPU µs/msg |%n|---|---|---|---|%n"
				+ "| with subscriber + scrapes | %s | %s | %.1f |%n| without | %s | %s | %.1f |%n"
				+ "| **with/without** | **%.3f×** (target ≥ 0.95: %s) | | |%n%nEvent frames received by the subscriber: %d.%n",
				withRange(observed, RoundResult::rate), n0(median(observed, r -> r.micros(99))),
				median(observed, RoundResult::serverCpuMicrosPerMessage), withRange(plain, RoundResult::rate),
				n0(median(plain, r -> r.micros(99))), median(plain, RoundResult::serverCpuMicrosPerMessage), ratio,
				ratio >= 0.95 ? "met" : "NOT MET", frames.get());
		say("");
		say(table);
		this.md.append("### ").append(s.label()).append("\n\n").append(table).append('\n');
	}

	/** A live event subscriber that reads every frame, and a scraper, for one round. */
	private static final class Observer implements AutoCloseable {

		private final java.net.http.WebSocket socket;

		private final java.util.concurrent.ScheduledExecutorService scraper = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor();

		Observer(String url, java.util.concurrent.atomic.AtomicLong frames) throws Exception {
			HttpClient http = HttpClient.newHttpClient();
			this.socket = http.newWebSocketBuilder()
				.buildAsync(URI.create(url.replace("http://", "ws://") + "/ws/events"), new java.net.http.WebSocket.Listener() {

					@Override
					public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket,
							CharSequence data, boolean last) {
						frames.incrementAndGet();
						webSocket.request(1);
						return null;
					}

				})
				.get(10, java.util.concurrent.TimeUnit.SECONDS);
			HttpRequest scrape = HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(5))
				.build();
			this.scraper.scheduleAtFixedRate(() -> {
				try {
					http.send(scrape, HttpResponse.BodyHandlers.discarding());
				}
				catch (Exception ex) {
					// a missed scrape only lightens the load
				}
			}, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
		}

		@Override
		public void close() {
			this.scraper.shutdownNow();
			this.socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "round over");
		}

	}

	private static double median(List<RoundResult> rs, ToDoubleFunction<RoundResult> f) {
		double[] v = rs.stream().mapToDouble(f).sorted().toArray();
		if (v.length == 0) {
			return Double.NaN;
		}
		return (v.length % 2 == 1) ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	private static double min(List<RoundResult> rs, ToDoubleFunction<RoundResult> f) {
		return rs.stream().mapToDouble(f).min().orElse(Double.NaN);
	}

	private static double max(List<RoundResult> rs, ToDoubleFunction<RoundResult> f) {
		return rs.stream().mapToDouble(f).max().orElse(Double.NaN);
	}

	private static String n0(double v) {
		return Double.isNaN(v) ? "n/a" : String.format("%,.0f", v);
	}

	private static String withRange(List<RoundResult> rs, ToDoubleFunction<RoundResult> f) {
		return n0(median(rs, f)) + " (" + n0(min(rs, f)) + "–" + n0(max(rs, f)) + ")";
	}

	private String pingPongTable(Scenario s, List<RoundResult> netlab, List<RoundResult> netty) {
		boolean udp = s.kind() == Scenario.Kind.UDP;
		StringBuilder t = new StringBuilder();
		t.append("| server | msgs/s median (min–max) | MB/s | p50 µs | p99 µs median (min–max) | p99.9 µs | server CPU µs/msg | client CPU")
			.append(udp ? " | lost (late)" : "")
			.append(" | errors |\n");
		t.append("|---|---|---|---|---|---|---|---").append(udp ? "|---" : "").append("|---|\n");
		Map<String, Long> errorKinds = new TreeMap<>();
		for (List<RoundResult> rs : List.of(netlab, netty)) {
			long errors = rs.stream().mapToLong(RoundResult::errorCount).sum();
			rs.forEach(r -> r.errors.forEach((k, v) -> errorKinds.merge(r.server + ": " + k, v, Long::sum)));
			t.append("| ").append(rs.get(0).server)
				.append(" | ").append(withRange(rs, RoundResult::rate))
				.append(" | ").append(String.format("%.1f", median(rs, RoundResult::megabytesPerSecond)))
				.append(" | ").append(n0(median(rs, r -> r.micros(50))))
				.append(" | ").append(withRange(rs, r -> r.micros(99)))
				.append(" | ").append(n0(median(rs, r -> r.micros(99.9))))
				.append(" | ").append(String.format("%.1f", median(rs, RoundResult::serverCpuMicrosPerMessage)))
				.append(" | ").append(String.format("%.0f%%", 100 * median(rs, RoundResult::clientCpuShare)));
			if (udp) {
				long lost = rs.stream().mapToLong(r -> r.lost).sum();
				long late = rs.stream().mapToLong(r -> r.late).sum();
				long total = lost + rs.stream().mapToLong(r -> r.messages).sum();
				t.append(" | ").append(String.format("%,d (%d) = %.3f%%", lost, late, 100.0 * lost / Math.max(1, total)));
			}
			t.append(" | ").append(errors).append(" |\n");
		}
		double rateRatio = median(netlab, RoundResult::rate) / median(netty, RoundResult::rate);
		double p99Ratio = median(netlab, r -> r.micros(99)) / median(netty, r -> r.micros(99));
		double p50Ratio = median(netlab, r -> r.micros(50)) / median(netty, r -> r.micros(50));
		double p999Ratio = median(netlab, r -> r.micros(99.9)) / median(netty, r -> r.micros(99.9));
		double cpuRatio = median(netlab, RoundResult::serverCpuMicrosPerMessage)
				/ median(netty, RoundResult::serverCpuMicrosPerMessage);
		t.append(String.format("| **netlab/Netty** | **%.2f×** (target ≥ 0.80: %s) | | %.2f× | **%.2f×** (target ≤ 1.50: %s) | %.2f× | %.2f× | |%s |%n",
				rateRatio, (rateRatio >= 0.8) ? "met" : "NOT MET", p50Ratio, p99Ratio, (p99Ratio <= 1.5) ? "met" : "NOT MET",
				p999Ratio, cpuRatio, udp ? " |" : ""));
		t.append('\n');
		if (!errorKinds.isEmpty()) {
			t.append("Errors over all rounds: ");
			t.append(errorKinds.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue())
				.collect(Collectors.joining("; ")));
			t.append("\n\n");
		}
		if (!s.note().isEmpty()) {
			t.append(s.note()).append("\n\n");
		}
		return t.toString();
	}

	// ---------------------------------------------------------------- client check

	/** Our Java client and the C epoll client, alternating, against the Netty server of scenario 1. */
	private void clientCheck(Scenario s) throws IOException, InterruptedException {
		int rounds = getInt("check.rounds", 3);
		int secs = getInt("check.secs", 5);
		String port = this.conf.get("netty." + s.nettyListener());
		say("");
		say(String.format("== Client check: Java NIO client vs C epoll client against Netty, scenario 1 shape, %d x %d s each",
				rounds, secs));
		List<RoundResult> java = new ArrayList<>();
		List<RoundResult> c = new ArrayList<>();
		for (int r = 1; r <= rounds; r++) {
			RoundResult j = round(s, "Netty", secs);
			RoundResult e = epoll(port, s, secs);
			say(String.format("  round %d java  %s", r, j.summary()));
			say(String.format("  round %d epoll %s", r, e.summary()));
			java.add(j);
			c.add(e);
		}
		StringBuilder t = new StringBuilder("### Client check: is the Java client the bottleneck?\n\n");
		t.append("Both clients on CPU 1, one thread, 10 connections × 1 KiB raw ping-pong against the Netty server, ")
			.append(String.format("alternating, %d × %d s each.%n%n", rounds, secs));
		t.append("| client | msgs/s median (min–max) | p50 µs | p99 µs | p99.9 µs | client CPU (share of its core) | errors |\n");
		t.append("|---|---|---|---|---|---|---|\n");
		for (List<RoundResult> rs : List.of(java, c)) {
			t.append("| ").append(rs == java ? "Java NIO (bench)" : "C epoll (bench/epoll_client.c)")
				.append(" | ").append(withRange(rs, RoundResult::rate))
				.append(" | ").append(n0(median(rs, r -> r.micros(50))))
				.append(" | ").append(n0(median(rs, r -> r.micros(99))))
				.append(" | ").append(n0(median(rs, r -> r.micros(99.9))))
				.append(" | ").append(String.format("%.0f%%", 100 * median(rs, RoundResult::clientCpuShare)))
				.append(" | ").append(rs.stream().mapToLong(RoundResult::errorCount).sum())
				.append(" |\n");
		}
		t.append(String.format("| **Java/C** | **%.2f×** | | | | | |%n%n",
				median(java, RoundResult::rate) / median(c, RoundResult::rate)));
		say("");
		say(t.toString());
		this.md.append(t);
	}

	private static final Pattern KV = Pattern.compile("(\\w+)=([-0-9.]+)");

	private RoundResult epoll(String port, Scenario s, int secs) throws IOException, InterruptedException {
		List<String> cmd = List.of(this.conf.get("epoll"), "127.0.0.1", port, Integer.toString(s.connections()),
				Integer.toString(s.payloadBytes()), Integer.toString(secs), Long.toString(TcpPingPong.SETTLE_NANOS / 1_000_000));
		long cpu0 = Proc.cpuNanos(this.nettyPid);
		String out = Proc.run(cmd);
		long cpu1 = Proc.cpuNanos(this.nettyPid);
		RoundResult r = new RoundResult("C-epoll");
		Map<String, String> kv = new HashMap<>();
		Matcher m = KV.matcher(out);
		while (m.find()) {
			kv.put(m.group(1), m.group(2));
		}
		if (!kv.containsKey("msgs")) {
			r.error("epoll client failed: " + out.strip());
			r.windowNanos = 1;
			return r;
		}
		r.messages = Long.parseLong(kv.get("msgs"));
		r.payloadBytes = r.messages * s.payloadBytes();
		r.windowNanos = (long) (Double.parseDouble(kv.get("secs")) * 1e9);
		r.clientCpuNanos = (long) (Double.parseDouble(kv.get("cpu")) * 1e9);
		r.serverCpuNanos = cpu1 - cpu0; // includes the settle time; close enough for a sanity check
		// the C client reports percentiles, not a histogram: record them as a 3-point stand-in
		long p50 = (long) (Double.parseDouble(kv.get("p50")) * 1000);
		long p99 = (long) (Double.parseDouble(kv.get("p99")) * 1000);
		long p999 = (long) (Double.parseDouble(kv.get("p999")) * 1000);
		r.latencyNanos.recordValueWithCount(Math.max(1, p50), 500);
		r.latencyNanos.recordValueWithCount(Math.max(1, p99), 490);
		r.latencyNanos.recordValueWithCount(Math.max(1, p999), 10);
		long errors = Long.parseLong(kv.getOrDefault("errors", "0"));
		if (errors > 0) {
			r.errors.put("C client errors", errors);
		}
		return r;
	}

	// ---------------------------------------------------------------- scale

	private void scale(Scenario s) throws IOException {
		int conns = getInt("scale.conns", s.connections());
		int step = getInt("scale.step", 1000);
		int secs = getInt("scale.secs", 30);
		int[] checkpoints = (step > 0 && step < conns) ? new int[] { step, conns } : new int[] { conns };
		say(String.format("ramp to %s connections (256 connecting at once), each sends %d B on open; snapshot when idle;"
				+ " then every connection sends 1 msg/s for %d s", Arrays.toString(checkpoints), s.payloadBytes(), secs));
		List<ScaleTest.Result> results = new ArrayList<>();
		for (String server : List.of("netlab", "Netty")) {
			boolean netlab = server.equals("netlab");
			String port = this.conf.get(netlab ? "netlab." + s.netlabListener() : "netty." + s.nettyListener());
			ScaleTest test = new ScaleTest(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), s.payloadBytes(),
					checkpoints, secs);
			ScaleTest.Result r = test.run(server, netlab ? this.netlabPid : this.nettyPid, this::say);
			say(String.format("  %s: opened %d, sent %d, answered %d, errors %s, 1 msg/s phase p50 %.0f p99 %.0f max %.0f us,"
					+ " first echo p99 %.0f max %.0f us", server, r.opened, r.sent, r.answered, r.errors,
					r.latencyNanos.getValueAtPercentile(50) / 1e3, r.latencyNanos.getValueAtPercentile(99) / 1e3,
					r.latencyNanos.getMaxValue() / 1e3, r.firstEchoNanos.getValueAtPercentile(99) / 1e3,
					r.firstEchoNanos.getMaxValue() / 1e3));
			say("  kernel TCP counters that moved (whole machine): " + r.kernel);
			results.add(r);
		}
		StringBuilder t = new StringBuilder("### ").append(s.label()).append("\n\n");
		t.append(String.format("Ramp to %s connections (256 connecting at once); each sends %d B on open and waits for the echo. "
				+ "Snapshots after `jcmd GC.run`: live heap = G1 `used` from `GC.heap_info`; RSS = VmRSS. Then every connection "
				+ "sends 1 msg/s (spread evenly) for %d s.%n%n", Arrays.toString(checkpoints), s.payloadBytes(), secs));
		t.append("| server | snapshot | connections | live heap KiB | RSS KiB | threads |\n|---|---|---|---|---|---|\n");
		for (ScaleTest.Result r : results) {
			for (ScaleTest.Snapshot snap : r.snapshots) {
				t.append(String.format("| %s | %s | %,d | %,d | %,d | %s |%n", r.server, snap.when(), snap.connections(),
						snap.heapKiB(), snap.rssKiB(), snap.threads()));
			}
		}
		t.append(String.format("%n| server | heap/conn at %,d | heap/conn at %,d | RSS/conn at %,d | heap/conn after traffic | msgs sent / answered | "
				+ "1 msg/s phase p50 / p99 / max µs | first echo after open p99 / max µs | ramp s | errors |%n|---|---|---|---|---|---|---|---|---|---|%n",
				checkpoints[0], checkpoints[checkpoints.length - 1], checkpoints[checkpoints.length - 1]));
		Map<String, Double> heapPerConn = new HashMap<>();
		for (ScaleTest.Result r : results) {
			ScaleTest.Snapshot zero = r.snapshots.get(0);
			String[] perConn = new String[3];
			double rssAtMax = Double.NaN;
			for (int i = 1; i < r.snapshots.size() - 1 && i <= 3; i++) {
				ScaleTest.Snapshot snap = r.snapshots.get(i);
				double heap = snap.connections() > 0 ? (snap.heapKiB() - zero.heapKiB()) * 1024.0 / snap.connections() : Double.NaN;
				perConn[i - 1] = Double.isNaN(heap) ? "n/a" : String.format("%,.0f B", heap);
				if (i == checkpoints.length) {
					rssAtMax = snap.connections() > 0 ? (snap.rssKiB() - zero.rssKiB()) * 1024.0 / snap.connections() : Double.NaN;
					heapPerConn.put(r.server, heap);
				}
			}
			String at1k = perConn[0];
			String atMax = perConn[checkpoints.length - 1];
			String after = perConn[checkpoints.length];
			t.append(String.format("| %s | %s | %s | %s | %s | %,d / %,d | %,.0f / %,.0f / %,.0f | %,.0f / %,.0f | %.1f | %s |%n",
					r.server, at1k, atMax, Double.isNaN(rssAtMax) ? "n/a" : String.format("%,.0f B", rssAtMax), after, r.sent,
					r.answered, r.latencyNanos.getValueAtPercentile(50) / 1e3, r.latencyNanos.getValueAtPercentile(99) / 1e3,
					r.latencyNanos.getMaxValue() / 1e3, r.firstEchoNanos.getValueAtPercentile(99) / 1e3,
					r.firstEchoNanos.getMaxValue() / 1e3, r.rampSeconds, r.errors.isEmpty() ? "0" : r.errors.toString()));
		}
		t.append('\n');
		for (ScaleTest.Result r : results) {
			t.append(String.format("Kernel TCP counters that moved during the %s test (whole machine, /proc/net/netstat): %s.  %n",
					r.server, r.kernel.isEmpty() ? "none of " + Proc.TCP_COUNTERS : r.kernel));
		}
		Double nl = heapPerConn.get("netlab");
		if (nl != null) {
			boolean allAnswered = results.get(0).sent == results.get(0).answered && results.get(0).errors.isEmpty();
			t.append(String.format("%nnetlab: %s heap per idle connection (target ≤ 10 KiB = 10,240 B: %s); "
					+ "every message answered with no error: %s.%n%n", String.format("%,.0f B", nl),
					(nl <= 10240) ? "met" : "NOT MET", allAnswered ? "yes" : "NO"));
		}
		say("");
		say(t.toString());
		this.md.append(t);
	}

	// ---------------------------------------------------------------- netlab's own counters

	private static final Pattern LISTENER = Pattern.compile("\\{\"name\":\"([^\"]+)\"");

	/** Append netlab's per-listener counters (GET /api/listeners) as a cross-check of the client's. */
	private void netlabStats() {
		String url = this.conf.get("netlab.url");
		if (url == null) {
			return;
		}
		try {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			String body = http.send(HttpRequest.newBuilder(URI.create(url + "/api/listeners")).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString()).body();
			StringBuilder t = new StringBuilder("### netlab's own counters at the end (GET /api/listeners)\n\n");
			t.append("| listener | msgs received | msgs sent | connections total | rejected | datagrams dropped | closed by reason |\n");
			t.append("|---|---|---|---|---|---|---|\n");
			Matcher m = LISTENER.matcher(body);
			List<int[]> spans = new ArrayList<>();
			while (m.find()) {
				spans.add(new int[] { m.start(), 0 });
			}
			for (int i = 0; i < spans.size(); i++) {
				int end = (i + 1 < spans.size()) ? spans.get(i + 1)[0] : body.length();
				String one = body.substring(spans.get(i)[0], end);
				t.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", field(one, "\"name\":\"([^\"]+)\""),
						field(one, "\"messagesReceived\":(\\d+)"), field(one, "\"messagesSent\":(\\d+)"),
						field(one, "\"connectionsTotal\":(\\d+)"), field(one, "\"connectionsRejected\":(\\d+)"),
						field(one, "\"datagramsDropped\":(\\d+)"), field(one, "\"connectionsClosed\":(\\{[^}]*\\})")));
			}
			t.append('\n');
			say("");
			say(t.toString());
			this.md.append(t);
		}
		catch (IOException | RuntimeException ex) {
			say("could not read netlab's counters: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String field(String json, String regex) {
		Matcher m = Pattern.compile(regex).matcher(json);
		return m.find() ? m.group(1) : "–";
	}

}
