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

/**
 * The closed-loop TCP (and TLS) load client: one thread, one selector, non-blocking sockets with
 * TCP_NODELAY. Each connection has exactly one message in flight: it writes a message, reads
 * until the whole echo is back, checks it byte for byte, records the round trip in an
 * HdrHistogram and sends the next (vmbench's echo_client semantics, without its processes).
 *
 * <p>A run connects every connection (and hand-shakes TLS), then has each do one unmeasured
 * round trip, so that every connection is accepted and served end to end before anything is
 * measured ("ready"); then it sends, and measures only the round trips that complete inside the
 * window [start + settle, start + settle + duration]; then it stops sending, waits up to
 * {@link #DRAIN_NANOS} for the replies still owed, and closes. A round trip slower than
 * {@link #STALL_NANOS} counts as a "stall"; a reply still owed after the drain as "unanswered".
 */
final class TcpPingPong {

	static final long SETTLE_NANOS = 200_000_000L;

	static final long STALL_NANOS = 1_000_000_000L;

	static final long DRAIN_NANOS = 2_000_000_000L;

	static final long CONNECT_TIMEOUT_NANOS = 10_000_000_000L;

	private final InetSocketAddress address;

	private final Wire wire;

	private final int payloadBytes;

	private final int connections;

	private final TlsLink.Client tls;

	/** {@code tls}: null for plain TCP. */
	TcpPingPong(InetSocketAddress address, Wire wire, int payloadBytes, int connections, TlsLink.Client tls) {
		this.address = address;
		this.wire = wire;
		this.payloadBytes = payloadBytes;
		this.connections = connections;
		this.tls = tls;
	}

	private final class Conn {

		final SocketChannel channel;

		Link link;

		final byte[] request;

		final ByteBuffer out;

		final ByteBuffer in;

		SelectionKey key;

		long seq;

		long sentAt;

		boolean awaiting;

		boolean stallCounted;

		boolean dead;

		Conn(SocketChannel channel) {
			this.channel = channel;
			this.link = Link.plain(channel);
			this.request = TcpPingPong.this.wire.frame(TcpPingPong.this.payloadBytes);
			this.out = ByteBuffer.wrap(this.request);
			this.in = ByteBuffer.allocate(this.request.length);
		}

	}

	/**
	 * Run one window of {@code durationNanos} and return what it measured; {@code beforeWindow}
	 * (may be null) runs once every connection is ready, before the window.
	 */
	RoundResult run(String server, long durationNanos, long serverPid, Runnable beforeWindow) throws IOException {
		RoundResult result = new RoundResult(server);
		result.connections = this.connections;
		List<Conn> conns = new ArrayList<>(this.connections);
		try (Selector selector = Selector.open()) {
			connect(selector, conns, result);
			if (this.tls != null) {
				handshake(conns, result);
			}
			prime(selector, conns, result);
			if (beforeWindow != null) {
				beforeWindow.run();
			}
			long start = System.nanoTime();
			long measureFrom = start + SETTLE_NANOS;
			long measureTo = measureFrom + durationNanos;
			long[] window = { measureFrom, measureTo };
			for (Conn c : conns) {
				if (!c.dead) {
					send(c, result);
				}
			}
			long clientCpu0 = -1;
			long serverCpu0 = -1;
			boolean measuring = false;
			long nextScan = start + 100_000_000L;
			while (true) {
				long now = System.nanoTime();
				if (!measuring && now >= measureFrom) {
					measuring = true;
					clientCpu0 = Proc.cpuNanos(Proc.selfPid());
					serverCpu0 = Proc.cpuNanos(serverPid);
				}
				if (now >= measureTo) {
					break;
				}
				selector.select(key -> onReady(key, result, window, true), 50);
				if (now >= nextScan) {
					scanStalls(conns, result, now);
					nextScan = now + 100_000_000L;
				}
			}
			long clientCpu1 = Proc.cpuNanos(Proc.selfPid());
			long serverCpu1 = Proc.cpuNanos(serverPid);
			result.windowNanos = durationNanos;
			if (clientCpu0 >= 0 && clientCpu1 >= 0) {
				result.clientCpuNanos = clientCpu1 - clientCpu0;
			}
			if (serverCpu0 >= 0 && serverCpu1 >= 0) {
				result.serverCpuNanos = serverCpu1 - serverCpu0;
			}
			drain(selector, conns, result, window);
		}
		finally {
			for (Conn c : conns) {
				c.link.close();
			}
		}
		return result;
	}

	private void connect(Selector selector, List<Conn> conns, RoundResult result) throws IOException {
		int pending = 0;
		for (int i = 0; i < this.connections; i++) {
			SocketChannel ch = SocketChannel.open();
			ch.configureBlocking(false);
			ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
			Conn c = new Conn(ch);
			conns.add(c);
			try {
				if (ch.connect(this.address)) {
					c.key = ch.register(selector, SelectionKey.OP_READ, c);
				}
				else {
					c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
					pending++;
				}
			}
			catch (IOException ex) {
				result.error("connect: " + ex.getMessage());
				c.dead = true;
			}
		}
		long deadline = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
		int[] left = { pending };
		while (left[0] > 0 && System.nanoTime() < deadline) {
			selector.select(key -> {
				Conn c = (Conn) key.attachment();
				try {
					if (c.channel.finishConnect()) {
						key.interestOps(SelectionKey.OP_READ);
						left[0]--;
					}
				}
				catch (IOException ex) {
					result.error("connect: " + ex.getMessage());
					c.dead = true;
					key.cancel();
					left[0]--;
				}
			}, 100);
		}
		for (Conn c : conns) {
			if (!c.dead && !c.channel.isConnected()) {
				result.error("connect: timed out");
				c.dead = true;
			}
		}
	}

	/** TLS: hand-shake every connection, one after the other, within the connect timeout. */
	private void handshake(List<Conn> conns, RoundResult result) {
		long deadline = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
		for (Conn c : conns) {
			if (c.dead) {
				continue;
			}
			TlsLink link = new TlsLink(c.channel,
					this.tls.newEngine(this.address.getHostString(), this.address.getPort()), c.request.length);
			try {
				link.handshake(deadline);
				c.link = link;
				result.tls.add(link.negotiated());
			}
			catch (IOException | RuntimeException ex) {
				fail(c, result, "tls handshake: " + ex.getMessage());
			}
		}
	}

	/**
	 * One unmeasured round trip per connection, so that the window starts with every connection
	 * accepted and served; a connection without its echo within the connect timeout is dropped.
	 */
	private void prime(Selector selector, List<Conn> conns, RoundResult result) throws IOException {
		long[] never = { Long.MAX_VALUE, Long.MAX_VALUE };
		for (Conn c : conns) {
			if (!c.dead) {
				send(c, result);
			}
		}
		long deadline = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
		while (System.nanoTime() < deadline && conns.stream().anyMatch(c -> c.awaiting && !c.dead)) {
			selector.select(key -> onReady(key, result, never, false), 50);
		}
		for (Conn c : conns) {
			if (c.awaiting && !c.dead) {
				fail(c, result, "not ready: no first echo within 10 s");
			}
		}
		result.ready = (int) conns.stream().filter(c -> !c.dead).count();
	}

	private void send(Conn c, RoundResult result) {
		this.wire.stamp(c.request, this.payloadBytes, ++c.seq);
		c.out.clear();
		c.in.clear();
		c.awaiting = true;
		c.stallCounted = false;
		c.sentAt = System.nanoTime();
		try {
			if (!c.link.write(c.out)) {
				c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
			}
		}
		catch (IOException ex) {
			fail(c, result, "write: " + ex.getMessage());
		}
	}

	private void onReady(SelectionKey key, RoundResult result, long[] window, boolean sendNext) {
		Conn c = (Conn) key.attachment();
		if (c.dead || !key.isValid()) {
			return;
		}
		try {
			if (key.isWritable() && c.link.write(c.out)) {
				key.interestOps(SelectionKey.OP_READ);
			}
			if (key.isReadable()) {
				int n = c.link.read(c.in);
				if (n < 0) {
					fail(c, result, "closed by server (EOF)");
					return;
				}
				if (!c.in.hasRemaining()) {
					long now = System.nanoTime();
					if (!c.awaiting) {
						result.error("bytes nobody asked for");
					}
					else if (Arrays.mismatch(c.in.array(), c.request) != -1) {
						result.error("echo differs from request");
					}
					else if (now >= window[0] && now <= window[1]) {
						result.messages++;
						result.payloadBytes += this.payloadBytes;
						result.latencyNanos.recordValue(Math.min(now - c.sentAt, result.latencyNanos.getHighestTrackableValue()));
					}
					c.awaiting = false;
					if (sendNext && now < window[1]) {
						send(c, result);
					}
				}
			}
		}
		catch (IOException ex) {
			fail(c, result, "io: " + ex.getMessage());
		}
	}

	private void scanStalls(List<Conn> conns, RoundResult result, long now) {
		for (Conn c : conns) {
			if (c.awaiting && !c.stallCounted && now - c.sentAt > STALL_NANOS) {
				c.stallCounted = true;
				result.error("stall: no full echo within 1 s");
			}
		}
	}

	/** Stop sending; wait for the replies still owed. */
	private void drain(Selector selector, List<Conn> conns, RoundResult result, long[] window) throws IOException {
		long deadline = System.nanoTime() + DRAIN_NANOS;
		while (System.nanoTime() < deadline && conns.stream().anyMatch(c -> c.awaiting && !c.dead)) {
			selector.select(key -> onReady(key, result, window, false), 50);
		}
		for (Conn c : conns) {
			if (c.awaiting && !c.dead) {
				result.error("unanswered after 2 s drain");
			}
		}
	}

	private static void fail(Conn c, RoundResult result, String why) {
		result.error(why);
		c.dead = true;
		c.awaiting = false;
		if (c.key != null) {
			c.key.cancel();
		}
		c.link.close();
	}

}
