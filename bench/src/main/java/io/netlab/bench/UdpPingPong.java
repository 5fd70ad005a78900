package io.netlab.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * The closed-loop UDP client: N connected non-blocking datagram sockets on one selector, one
 * datagram in flight each. A datagram carries its number in its first 8 bytes; an answer
 * with the wrong number or size is "late/foreign" and ignored. A datagram not answered
 * within the loss timeout is counted lost, and the socket sends the next one.
 */
final class UdpPingPong {

	private final InetSocketAddress address;

	private final int payloadBytes;

	private final int sockets;

	private final long lossTimeoutNanos;

	UdpPingPong(InetSocketAddress address, int payloadBytes, int sockets, long lossTimeoutNanos) {
		this.address = address;
		this.payloadBytes = payloadBytes;
		this.sockets = sockets;
		this.lossTimeoutNanos = lossTimeoutNanos;
	}

	private static final class Sock {

		final DatagramChannel channel;

		final ByteBuffer out;

		final ByteBuffer in;

		long seq;

		long sentAt;

		boolean awaiting;

		Sock(DatagramChannel channel, int payloadBytes) {
			this.channel = channel;
			byte[] payload = Wire.RAW.frame(payloadBytes);
			this.out = ByteBuffer.wrap(payload);
			this.in = ByteBuffer.allocate(65536);
		}

	}

	RoundResult run(String server, long durationNanos, long serverPid) throws IOException {
		RoundResult result = new RoundResult(server);
		List<Sock> socks = new ArrayList<>();
		try (Selector selector = Selector.open()) {
			for (int i = 0; i < this.sockets; i++) {
				DatagramChannel ch = DatagramChannel.open();
				ch.configureBlocking(false);
				ch.connect(this.address);
				Sock s = new Sock(ch, this.payloadBytes);
				ch.register(selector, SelectionKey.OP_READ, s);
				socks.add(s);
			}
			long start = System.nanoTime();
			long measureFrom = start + TcpPingPong.SETTLE_NANOS;
			long measureTo = measureFrom + durationNanos;
			long[] window = { measureFrom, measureTo };
			for (Sock s : socks) {
				send(s, result);
			}
			long clientCpu0 = -1;
			long serverCpu0 = -1;
			boolean measuring = false;
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
				selector.select(key -> onReady((Sock) key.attachment(), result, window, true), 2);
				now = System.nanoTime();
				for (Sock s : socks) {
					if (s.awaiting && now - s.sentAt > this.lossTimeoutNanos) {
						if (now >= window[0] && now <= window[1]) {
							result.lost++;
						}
						send(s, result);
					}
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
			// late answers still in flight are left to the kernel; the sockets close now
		}
		finally {
			for (Sock s : socks) {
				try {
					s.channel.close();
				}
				catch (IOException ex) {
					// closing
				}
			}
		}
		return result;
	}

	private void send(Sock s, RoundResult result) {
		s.seq++;
		s.out.clear();
		s.out.putLong(0, s.seq);
		s.awaiting = true;
		s.sentAt = System.nanoTime();
		try {
			s.channel.write(s.out);
			if (s.out.hasRemaining()) {
				result.error("datagram not sent whole");
			}
		}
		catch (IOException ex) {
			result.error("send: " + ex.getClass().getSimpleName());
		}
	}

	private void onReady(Sock s, RoundResult result, long[] window, boolean sendNext) {
		while (true) {
			s.in.clear();
			int n;
			try {
				n = s.channel.read(s.in);
			}
			catch (PortUnreachableException ex) {
				result.error("ICMP port unreachable");
				return;
			}
			catch (IOException ex) {
				result.error("receive: " + ex.getMessage());
				return;
			}
			if (n <= 0) {
				return;
			}
			long now = System.nanoTime();
			if (n != this.payloadBytes) {
				result.error("datagram of the wrong size");
				continue;
			}
			if (!s.awaiting || s.in.getLong(0) != s.seq) {
				result.late++;
				continue;
			}
			s.awaiting = false;
			if (now >= window[0] && now <= window[1]) {
				result.messages++;
				result.payloadBytes += n;
				result.latencyNanos.recordValue(Math.min(now - s.sentAt, result.latencyNanos.getHighestTrackableValue()));
			}
			if (sendNext && now < window[1]) {
				send(s, result);
			}
		}
	}

}
