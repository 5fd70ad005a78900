package io.netlab.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

import org.jspecify.annotations.Nullable;

/**
 * A UDP socket of a load run: one datagram in flight at a time. A datagram with no answer
 * within the timeout is counted as lost and sent again; the message it stood for is still owed.
 * A reply that comes after its datagram was given up on is taken for the next one (UDP carries
 * no sequence number netlab could add without changing the payload). Loop thread only.
 */
final class UdpLoadChannel extends LoadChannel {

	private static final byte[] NO_BYTES = {};

	private final InetSocketAddress target;

	private final ByteBuffer out;

	private @Nullable DatagramChannel channel;

	private @Nullable SelectionKey key;

	UdpLoadChannel(LoadLoop loop, InetSocketAddress target, ByteBuffer payload) {
		super(loop);
		this.target = target;
		this.out = payload;
	}

	@Override
	void open() {
		try {
			DatagramChannel socket = DatagramChannel.open();
			this.channel = socket;
			socket.configureBlocking(false);
			socket.connect(this.target);
			this.key = socket.register(this.loop.selector(), SelectionKey.OP_READ, this);
			sendNext();
		}
		catch (IOException ex) {
			fail(ProbeError.of(ex));
		}
	}

	private void sendNext() throws IOException {
		if (!this.loop.claim()) {
			finish();
			return;
		}
		send();
	}

	/** Send the datagram; if the socket buffer is full, again when the selector says it can. */
	private void send() throws IOException {
		this.out.rewind();
		int written = this.channel.write(this.out);
		this.sentAt = System.nanoTime();
		if (written == 0) {
			this.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
			return;
		}
		this.loop.bytesSent += written;
		if (this.key.interestOps() != SelectionKey.OP_READ) {
			this.key.interestOps(SelectionKey.OP_READ);
		}
	}

	@Override
	void ready(SelectionKey selected) throws IOException {
		if (selected.isWritable()) {
			send();
		}
		// the loop's buffer holds the largest datagram, so a reply is never cut
		ByteBuffer in = this.loop.scratch;
		while (selected.isValid() && selected.isReadable()) {
			in.clear();
			int n = this.channel.read(in);
			if (n <= 0 && in.position() == 0) {
				return;
			}
			this.loop.bytesReceived += in.position();
			if (this.sentAt < 0) {
				continue; // an answer to nothing we are waiting for
			}
			byte[] reply = NO_BYTES;
			if (this.loop.expect != null) {
				reply = new byte[in.position()];
				in.flip().get(reply);
			}
			replied(System.nanoTime() - this.sentAt, reply);
			sendNext();
		}
	}

	@Override
	void timedOut() {
		this.loop.lost++;
		try {
			send();
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
