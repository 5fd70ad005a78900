package io.netlab.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * Scenario 6: many concurrent connections on one listener. Ramps connections up to each
 * checkpoint (each sends one raw message as soon as it is connected and waits for its echo),
 * takes a server snapshot (live heap after a full GC, RSS, threads) once every connection
 * opened so far has had its echo and sits idle, then has every connection send one message
 * per second (spread evenly over the second) for {@code periodSeconds}, checks every message
 * was answered, snapshots again, closes everything and snapshots once more (a leak check).
 */
final class ScaleTest {

	private static final int CONNECTING_AT_ONCE = 256;

	private static final long CHECKPOINT_TIMEOUT_NANOS = 90_000_000_000L;

	private static final long DRAIN_NANOS = 5_000_000_000L;

	private static final long SLOW_NANOS = 1_000_000_000L;

	record Snapshot(String when, int connections, long heapKiB, long rssKiB, String threads) {
	}

	static final class Result {

		final String server;

		final List<Snapshot> snapshots = new ArrayList<>();

		final Map<String, Long> errors = new TreeMap<>();

		/** Round trips of the 1 msg/s phase. */
		final Histogram latencyNanos = new Histogram(60_000_000_000L, 3);

		/** Round trips of the message each connection sends right after it is connected. */
		final Histogram firstEchoNanos = new Histogram(60_000_000_000L, 3);

		long opened;

		long sent;

		long answered;

		/** Seconds spent opening connections (snapshots excluded). */
		double rampSeconds;

		/** Kernel TCP counters that moved during the test (whole machine). */
		Map<String, Long> kernel = Map.of();

		Result(String server) {
			this.server = server;
		}

		void error(String kind) {
			this.errors.merge(kind, 1L, Long::sum);
		}

	}

	private final InetSocketAddress address;

	private final int payloadBytes;

	private final int[] checkpoints;

	private final int periodSeconds;

	/** Messages sent and not yet answered, over all connections. */
	private int owed;

	ScaleTest(InetSocketAddress address, int payloadBytes, int[] checkpoints, int periodSeconds) {
		this.address = address;
		this.payloadBytes = payloadBytes;
		this.checkpoints = checkpoints;
		this.periodSeconds = periodSeconds;
	}

	private final class Conn {

		final SocketChannel channel;

		final byte[] request = Wire.RAW.frame(ScaleTest.this.payloadBytes);

		final ByteBuffer out = ByteBuffer.wrap(this.request);

		final ByteBuffer in = ByteBuffer.allocate(this.request.length);

		SelectionKey key;

		long seq;

		long sentAt;

		boolean awaiting;

		boolean connected;

		boolean dead;

		boolean slowCounted;

		boolean first = true;

		Conn(SocketChannel channel) {
			this.channel = channel;
		}

	}

	Result run(String server, long serverPid, java.util.function.Consumer<String> log) throws IOException {
		Result result = new Result(server);
		List<Conn> conns = new ArrayList<>();
		try (Selector selector = Selector.open()) {
			result.snapshots.add(snapshot("before", 0, serverPid));
			log.accept("  " + server + ": " + last(result));
			Map<String, Long> kernel0 = Proc.tcpCounters();
			long rampNanos = 0;
			for (int target : this.checkpoints) {
				long rampStart = System.nanoTime();
				ramp(selector, conns, target, result);
				rampNanos += System.nanoTime() - rampStart;
				long ready = conns.stream().filter(c -> c.connected && !c.dead && !c.awaiting).count();
				result.snapshots.add(snapshot("idle", (int) ready, serverPid));
				log.accept("  " + server + ": " + last(result));
			}
			result.rampSeconds = rampNanos / 1e9;
			periodic(selector, conns, result);
			result.kernel = Proc.delta(kernel0, Proc.tcpCounters());
			long open = conns.stream().filter(c -> !c.dead).count();
			result.snapshots.add(snapshot("after " + this.periodSeconds + " s of 1 msg/s", (int) open, serverPid));
			log.accept("  " + server + ": " + last(result));
		}
		finally {
			for (Conn c : conns) {
				try {
					c.channel.close();
				}
				catch (IOException ex) {
					// closing
				}
			}
		}
		sleep(2000);
		result.snapshots.add(snapshot("all closed", 0, serverPid));
		log.accept("  " + server + ": " + last(result));
		return result;
	}

	private static String last(Result result) {
		Snapshot s = result.snapshots.get(result.snapshots.size() - 1);
		return String.format("%-28s conns %6d  live heap %8d KiB  RSS %8d KiB  threads %s", s.when(),
				s.connections(), s.heapKiB(), s.rssKiB(), s.threads());
	}

	private static Snapshot snapshot(String when, int connections, long pid) {
		long heap = Proc.liveHeapKiB(pid);
		return new Snapshot(when, connections, heap, Proc.rssKiB(pid), Proc.status(pid, "Threads"));
	}

	/** Open connections until {@code target} are open and have had their first echo. */
	private void ramp(Selector selector, List<Conn> conns, int target, Result result) throws IOException {
		long deadline = System.nanoTime() + CHECKPOINT_TIMEOUT_NANOS;
		int[] connecting = { 0 };
		while (System.nanoTime() < deadline) {
			while (conns.size() < target && connecting[0] < CONNECTING_AT_ONCE) {
				SocketChannel ch = SocketChannel.open();
				ch.configureBlocking(false);
				ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
				Conn c = new Conn(ch);
				conns.add(c);
				try {
					c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
					connecting[0]++;
					if (ch.connect(this.address)) {
						connected(c, result, connecting);
					}
				}
				catch (IOException ex) {
					result.error("connect: " + ex.getMessage());
					kill(c);
					connecting[0]--;
				}
			}
			boolean done = conns.size() >= target && connecting[0] == 0 && this.owed == 0;
			if (done) {
				return;
			}
			selector.select(key -> {
				Conn c = (Conn) key.attachment();
				if (!c.connected && key.isValid() && key.isConnectable()) {
					try {
						if (c.channel.finishConnect()) {
							connected(c, result, connecting);
						}
					}
					catch (IOException ex) {
						result.error("connect: " + ex.getMessage());
						connecting[0]--;
						kill(c);
					}
					return;
				}
				onReady(c, result);
			}, 10);
		}
		result.error("checkpoint " + target + " not reached in 90 s");
	}

	private void connected(Conn c, Result result, int[] connecting) {
		c.connected = true;
		connecting[0]--;
		result.opened++;
		c.key.interestOps(SelectionKey.OP_READ);
		send(c, result);
	}

	/** Every connection sends one message a second, spread evenly, for periodSeconds. */
	private void periodic(Selector selector, List<Conn> conns, Result result) throws IOException {
		int n = conns.size();
		long total = (long) n * this.periodSeconds;
		long start = System.nanoTime() + 100_000_000L;
		long j = 0;
		long nextScan = start;
		while (j < total) {
			long now = System.nanoTime();
			while (j < total) {
				long due = start + (j / n) * 1_000_000_000L + (j % n) * 1_000_000_000L / n;
				if (due > now) {
					break;
				}
				Conn c = conns.get((int) (j % n));
				if (!c.dead) {
					if (c.awaiting) {
						result.error("previous message not answered within 1 s (send skipped)");
					}
					else {
						send(c, result);
					}
				}
				j++;
			}
			selector.select(key -> onReady((Conn) key.attachment(), result), 1);
			if (now >= nextScan) {
				countSlow(conns, result);
				nextScan = now + 100_000_000L;
			}
		}
		long deadline = System.nanoTime() + DRAIN_NANOS;
		while (System.nanoTime() < deadline && this.owed > 0) {
			selector.select(key -> onReady((Conn) key.attachment(), result), 10);
		}
		for (Conn c : conns) {
			if (c.awaiting && !c.dead) {
				result.error("unanswered after 5 s drain");
			}
		}
	}

	private void countSlow(List<Conn> conns, Result result) {
		long now = System.nanoTime();
		for (Conn c : conns) {
			if (c.awaiting && !c.slowCounted && now - c.sentAt > SLOW_NANOS) {
				c.slowCounted = true;
				result.error("stall: no echo within 1 s");
			}
		}
	}

	private void send(Conn c, Result result) {
		Wire.RAW.stamp(c.request, this.payloadBytes, ++c.seq);
		c.out.clear();
		c.in.clear();
		c.awaiting = true;
		this.owed++;
		c.slowCounted = false;
		c.sentAt = System.nanoTime();
		try {
			c.channel.write(c.out);
			result.sent++;
			if (c.out.hasRemaining()) {
				c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
			}
		}
		catch (IOException ex) {
			result.error("write: " + ex.getMessage());
			kill(c);
		}
	}

	private void onReady(Conn c, Result result) {
		if (c.dead || !c.key.isValid()) {
			return;
		}
		try {
			if (c.key.isWritable()) {
				c.channel.write(c.out);
				if (!c.out.hasRemaining()) {
					c.key.interestOps(SelectionKey.OP_READ);
				}
			}
			if (c.key.isReadable()) {
				int r = c.channel.read(c.in);
				if (r < 0) {
					result.error("closed by server (EOF)");
					kill(c);
					return;
				}
				if (!c.in.hasRemaining()) {
					if (!c.awaiting) {
						result.error("bytes nobody asked for");
					}
					else if (Arrays.mismatch(c.in.array(), c.request) != -1) {
						result.error("echo differs from request");
					}
					else {
						result.answered++;
						Histogram h = c.first ? result.firstEchoNanos : result.latencyNanos;
						h.recordValue(Math.min(System.nanoTime() - c.sentAt, h.getHighestTrackableValue()));
						c.first = false;
					}
					if (c.awaiting) {
						c.awaiting = false;
						this.owed--;
					}
				}
			}
		}
		catch (IOException ex) {
			result.error("io: " + ex.getMessage());
			kill(c);
		}
	}

	private void kill(Conn c) {
		c.dead = true;
		if (c.awaiting) {
			c.awaiting = false;
			this.owed--;
		}
		if (c.key != null) {
			c.key.cancel();
		}
		try {
			c.channel.close();
		}
		catch (IOException ex) {
			// closing
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
