package io.netlab.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import io.netlab.wire.FrameAssembler;
import io.netlab.wire.FrameCodec;
import org.jspecify.annotations.Nullable;

/**
 * A TCP connection of a load run: one message in flight at a time. Reads and writes are
 * non-blocking on the loop's selector; the socket is read while a large message is still being
 * written, so an echo server can never stall both sides. Loop thread only.
 */
final class TcpLoadChannel extends LoadChannel {

	private static final byte[] NO_BYTES = {};

	private final InetSocketAddress target;

	/** The framed message, rewound for each send: this channel's own view of the run's copy. */
	private final ByteBuffer out;

	/** Raw framing: none; a reply is complete once as many bytes came back as were sent. */
	private final @Nullable FrameAssembler assembler;

	/** Received bytes, in write mode between reads; null when replies are only counted. */
	private @Nullable ByteBuffer in;

	private int rawReceived;

	private @Nullable SocketChannel channel;

	private @Nullable SelectionKey key;

	TcpLoadChannel(LoadLoop loop, InetSocketAddress target, ByteBuffer frame, @Nullable FrameCodec codec) {
		super(loop);
		this.target = target;
		this.out = frame;
		// raw replies are only counted, unless they must be compared with expect
		boolean keepRaw = codec == null && loop.expect != null;
		this.in = (codec != null || keepRaw) ? ByteBuffer.allocate(Math.max(frame.capacity() + 16, 4096)) : null;
		this.assembler = (codec != null) ? codec.newAssembler(this.in.capacity()) : null;
	}

	@Override
	void open() {
		try {
			SocketChannel socket = SocketChannel.open();
			this.channel = socket;
			socket.configureBlocking(false);
			socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
			this.sentAt = System.nanoTime();
			this.key = socket.register(this.loop.selector(), SelectionKey.OP_CONNECT, this);
			if (socket.connect(this.target)) {
				connected();
			}
		}
		catch (IOException ex) {
			fail(ProbeError.of(ex));
		}
	}

	@Override
	void ready(SelectionKey selected) throws IOException {
		if (selected.isConnectable()) {
			this.channel.finishConnect();
			connected();
			return;
		}
		if (selected.isWritable()) {
			write();
		}
		if (selected.isValid() && selected.isReadable()) {
			read();
		}
	}

	private void connected() throws IOException {
		this.sentAt = -1;
		sendNext();
	}

	private void sendNext() throws IOException {
		if (!this.loop.claim()) {
			finish();
			return;
		}
		this.out.rewind();
		this.rawReceived = 0;
		this.sentAt = System.nanoTime();
		write();
	}

	private void write() throws IOException {
		int written = this.channel.write(this.out);
		this.loop.bytesSent += written;
		int ops = this.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
		if (this.key.interestOps() != ops) {
			this.key.interestOps(ops);
		}
	}

	private void read() throws IOException {
		ByteBuffer buffer = (this.in != null) ? this.in : this.loop.scratch.clear();
		int n = this.channel.read(buffer);
		if (n < 0) {
			fail(ProbeError.CLOSED);
			return;
		}
		this.loop.bytesReceived += n;
		if (this.sentAt < 0) {
			buffer.clear(); // nothing was asked: not a reply to anything
			return;
		}
		if (this.assembler == null) {
			readRaw(n);
			return;
		}
		this.assembler.receive(this.in.flip());
		byte[] frame = this.assembler.next();
		while (frame != null && this.assembler.next() != null) {
			// one message is in flight: more frames are not replies to anything
		}
		this.in.clear();
		if (frame == null) {
			return;
		}
		replied(System.nanoTime() - this.sentAt, frame);
		sendNext();
	}

	private void readRaw(int n) throws IOException {
		this.rawReceived += n;
		ByteBuffer kept = this.in;
		if (this.rawReceived < this.out.capacity()) {
			if (kept != null && !kept.hasRemaining()) {
				this.in = ByteBuffer.allocate(kept.capacity() * 2).put(kept.flip());
			}
			return;
		}
		byte[] reply = (kept != null) ? copy(kept) : NO_BYTES;
		if (kept != null) {
			kept.clear();
		}
		replied(System.nanoTime() - this.sentAt, reply);
		sendNext();
	}

	private static byte[] copy(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.position()];
		System.arraycopy(buffer.array(), 0, bytes, 0, bytes.length);
		return bytes;
	}

	@Override
	void timedOut() {
		fail(ProbeError.TIMEOUT);
	}

	@Override
	void closeSocket() {
		closeQuietly(this.channel);
	}

}
