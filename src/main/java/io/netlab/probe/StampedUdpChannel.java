package io.netlab.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

import org.jspecify.annotations.Nullable;

/**
 * A UDP socket of a stamped run: every datagram carries a {@link Stamp}, and replies are matched
 * by sequence number, not by arrival order. Closed loop (the default): one datagram in flight,
 * the next sent on its reply, a new one on its timeout. Open loop ({@code ratePerSecond}):
 * datagrams leave on a fixed schedule whatever comes back, and the socket then waits one timeout
 * for the last replies. Loop thread only; progress goes to the run's shared counters.
 */
final class StampedUdpChannel extends LoadChannel {

	private static final byte[] NO_BYTES = {};

	private final InetSocketAddress target;

	/** This socket's own copy of the payload, stamped afresh for each datagram. */
	private final ByteBuffer out;

	private final SequenceTracker tracker = new SequenceTracker();

	private final LoadRun run;

	/** Open loop: nanoseconds between two datagrams of this socket; 0 for closed loop. */
	private final long intervalNanos;

	private @Nullable DatagramChannel channel;

	private @Nullable SelectionKey key;

	private int localPort;

	private long nextDue;

	private boolean sending = true;

	private long drainUntil;

	/** Closed loop: the sequence number waited for; -1 if none. */
	private int awaiting = -1;

	private boolean writePending;

	long firstSend = -1;

	long lastSend = -1;

	StampedUdpChannel(LoadLoop loop, InetSocketAddress target, byte[] payload, long intervalNanos) {
		super(loop);
		this.run = loop.run;
		this.target = target;
		this.out = ByteBuffer.allocateDirect(payload.length).put(payload).flip();
		this.intervalNanos = intervalNanos;
	}

	SequenceTracker tracker() {
		return this.tracker;
	}

	int localPort() {
		return this.localPort;
	}

	@Override
	void open() {
		try {
			DatagramChannel socket = DatagramChannel.open();
			this.channel = socket;
			socket.configureBlocking(false);
			socket.connect(this.target);
			this.localPort = ((InetSocketAddress) socket.getLocalAddress()).getPort();
			this.key = socket.register(this.loop.selector(), SelectionKey.OP_READ, this);
			if (this.intervalNanos > 0) {
				this.nextDue = System.nanoTime();
			}
			else {
				sendNext();
			}
		}
		catch (IOException ex) {
			fail(ProbeError.of(ex));
		}
	}

	@Override
	long pace(long now) {
		try {
			// behind schedule (a slow wake-up), the datagrams due are sent at once: the rate holds on average
			while (this.sending && now - this.nextDue >= 0) {
				if (this.nextDue - this.run.sendUntil() >= 0 || !this.loop.claim()) {
					this.sending = false;
					this.drainUntil = now + this.loop.timeoutNanos;
					break;
				}
				send(now);
				this.nextDue += this.intervalNanos;
			}
		}
		catch (IOException ex) {
			fail(ProbeError.of(ex));
			return Long.MAX_VALUE;
		}
		if (this.sending) {
			return this.nextDue - now;
		}
		if (this.tracker.received() == this.tracker.sent() || now - this.drainUntil >= 0) {
			finish();
			return Long.MAX_VALUE;
		}
		return this.drainUntil - now;
	}

	private void sendNext() throws IOException {
		if (!this.loop.claim()) {
			finish();
			return;
		}
		send(System.nanoTime());
	}

	/** Send the next sequence number; closed loop, if the socket buffer is full, when it can. */
	private void send(long now) throws IOException {
		int sequence = (int) this.tracker.sent();
		Stamp.write(this.out, this.run.tag(), sequence, now);
		this.out.rewind();
		int written = this.channel.write(this.out);
		if (written == 0) {
			// open loop: that datagram is not sent, and the achieved rate shows it
			if (this.intervalNanos == 0) {
				this.writePending = true;
				this.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
			}
			return;
		}
		this.tracker.next();
		this.run.datagrams().sent();
		this.loop.bytesSent += written;
		this.firstSend = (this.firstSend < 0) ? now : this.firstSend;
		this.lastSend = now;
		if (this.intervalNanos == 0) {
			this.awaiting = sequence;
			this.sentAt = now;
			if (this.writePending) {
				this.writePending = false;
				this.key.interestOps(SelectionKey.OP_READ);
			}
		}
	}

	@Override
	void ready(SelectionKey selected) throws IOException {
		if (selected.isWritable() && this.writePending) {
			send(System.nanoTime());
		}
		ByteBuffer in = this.loop.scratch;
		while (selected.isValid() && selected.isReadable()) {
			in.clear();
			this.channel.read(in);
			int length = in.position();
			if (length == 0) {
				return;
			}
			this.loop.bytesReceived += length;
			if (Stamp.isOurs(in, length, this.run.tag())) {
				received(Stamp.sequence(in), Stamp.sentNanos(in), System.nanoTime());
			}
			if (isDone()) {
				return;
			}
		}
	}

	private void received(int sequence, long sentNanos, long now) throws IOException {
		long reordered = this.tracker.reordered();
		SequenceTracker.Arrival arrival = this.tracker.arrived(sequence, sentNanos, now, this.loop.timeoutNanos);
		this.run.datagrams().arrived(arrival, this.tracker.reordered() > reordered);
		if (arrival != SequenceTracker.Arrival.IN_TIME) {
			return;
		}
		// closed loop, an answer in time is always to the datagram waited for: the others timed out
		replied(now - sentNanos, NO_BYTES);
		if (this.intervalNanos == 0 && sequence == this.awaiting) {
			this.awaiting = -1;
			sendNext();
		}
	}

	/** Closed loop: the datagram waited for is given up on; a new one goes out, the message still owed. */
	@Override
	void timedOut() {
		try {
			send(System.nanoTime());
		}
		catch (IOException ex) {
			fail(ProbeError.of(ex));
		}
	}

	@Override
	void closeSocket() {
		closeQuietly(this.channel);
	}

}
