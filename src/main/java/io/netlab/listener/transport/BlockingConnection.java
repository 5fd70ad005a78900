package io.netlab.listener.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.netlab.wire.FrameAssembler;
import io.netlab.wire.FrameCodec;
import io.netlab.wire.Framing;
import io.netlab.wire.FramingException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;

/**
 * A connection of the {@code blocking} io mode: Spring Integration's thread-per-connection
 * read loop, fed by bulk reads into an 8 KiB buffer cut by the listener's {@link FrameAssembler}
 * (instead of one {@code read()} per byte), replies through an 8 KiB buffer. TLS goes through the
 * same {@link TlsLayer} as the NIO mode, over the blocking streams. Reads and writes block
 * without a timeout; the factory's sweeper closes a connection that breaks a time limit
 * (handshake, frame under way, idle, stuck write) under them. The per-message path reads no
 * clock: reads and writes leave {@link ActivityMarks} that the sweeper dates.
 */
final class BlockingConnection extends TcpNetConnection implements TlsLayer.Peer, ReceivingConnection {

	/** The headers of every message received on this connection. */
	private final MessageHeaders receivedHeaders;

	/** What the listener attached (on the reader thread, from the open event). */
	private volatile @Nullable Object attachment;

	private static final int BUFFER_BYTES = 8192;

	private final Socket socket;

	private final FrameAssembler assembler;

	private final Deadlines deadlines;

	private final FrameCodec codec;

	/** Present on a TLS listener. */
	private final @Nullable TlsLayer tls;

	/** Reader thread only: decrypted bytes the assembler is still cutting. */
	private @Nullable ByteBuffer tlsApp;

	/** Reader thread only: the TLS layer holds input that did not fit {@link #tlsApp}. */
	private boolean tlsPending;

	private final Consumer<BlockingConnection> closed;

	private final @Nullable HalfCloseListener halfClose;

	/** Present on a raw echo listener without TLS: frames it takes are echoed here, with no message. */
	private final @Nullable DirectEcho directEcho;

	private final java.util.concurrent.CountDownLatch closedLatch = new java.util.concurrent.CountDownLatch(1);

	private final ReentrantLock sendLock = new ReentrantLock();

	/** Reader thread only: terminator framings scan a heap buffer. */
	private final byte[] readBuffer = new byte[BUFFER_BYTES];

	/**
	 * Without TLS the connection reads and writes its channel through direct buffers of its
	 * own (the read one made when its thread starts, the write one on first use): through the
	 * socket's streams every call would copy via a thread-local temporary direct buffer.
	 * Reader thread only.
	 */
	private @Nullable ByteBuffer directIn;

	/** Guarded by the send lock. */
	private @Nullable ByteBuffer directOut;

	/** The reader thread, once it runs. */
	private volatile @Nullable Thread reader;

	/**
	 * Reader thread only, raw framing without TLS: the frame being handed to the listener when
	 * it is exactly what the last read brought, so that its bytes are still in {@link #directIn};
	 * an echo of that very frame is written from there, with no copy (as the NIO loop does).
	 */
	private byte @Nullable [] delivering;

	/** Reader thread only: a view of {@link #directIn} for {@link #delivering}'s bytes. */
	private @Nullable ByteBuffer deliveringBytes;

	/** Reader thread only: the bytes of the last read while its frame may still come whole; -1 otherwise. */
	private int rawRead = -1;

	/** TLS records go out through the socket's stream (guarded by the send lock). */
	private @Nullable OutputStream out;

	/** Reads and writes, marked here and dated by the sweeper (writes under the send lock). */
	private final ActivityMarks marks = new ActivityMarks(System.nanoTime());

	/** The assembler's partialSince, as the reader thread last saw it, for the sweeper. */
	private volatile long frameSince;

	BlockingConnection(Socket socket, @Nullable ApplicationEventPublisher publisher, @Nullable String factoryName,
			FrameCodec codec, ConnectionLimits limits, @Nullable TlsSettings tls, @Nullable HalfCloseListener halfClose,
			@Nullable DirectEcho directEcho, Consumer<BlockingConnection> closed) throws SSLException {
		super(socket, true, false, publisher, factoryName);
		this.receivedHeaders = DataPlaneHeaders.connection(this);
		this.socket = socket;
		this.deadlines = new Deadlines(limits);
		this.codec = codec;
		this.closed = closed;
		this.halfClose = (tls == null) ? halfClose : null; // TLS ends with close_notify: no half-close to relay
		this.directEcho = (tls == null && codec.framing() == Framing.RAW) ? directEcho : null;
		this.assembler = codec.newAssembler(BUFFER_BYTES);
		this.tls = (tls != null) ? new TlsLayer(tls) : null;
	}

	/**
	 * The connection's thread: read frames and hand each to the listener until the connection
	 * ends. Spring Integration's loop, without its per-message debug-log check; a flow that
	 * fails for a message is logged at debug level, as the NIO mode does, since a peer could
	 * otherwise fill the log.
	 */
	@Override
	public void run() {
		this.reader = Thread.currentThread();
		if (this.tls == null) {
			// here rather than on the first read: a per-read check that is true once per connection
			// is the branch the JIT leaves out, and the first read of each new connection undid it
			ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_BYTES);
			this.directIn = in;
			this.deliveringBytes = in.duplicate();
		}
		publishConnectionOpenEvent();
		while (true) {
			Message<?> message;
			try {
				message = getMapper().toMessage(this);
			}
			catch (Exception ex) {
				publishConnectionExceptionEvent(ex);
				if (handleReadException(ex)) {
					return;
				}
				continue;
			}
			if (message != null && getListener() != null) {
				try {
					getListener().onMessage(message);
				}
				catch (RuntimeException ex) {
					if (this.logger.isDebugEnabled()) {
						this.logger.debug("Flow failed for a message on " + getConnectionId() + ": " + ex.getMessage());
					}
				}
			}
		}
	}

	@Override
	public MessageHeaders receivedHeaders() {
		return this.receivedHeaders;
	}

	/** On the reader thread, which publishes the open event the listener attaches from. */
	@Override
	public void attach(Object attachment) {
		this.attachment = attachment;
	}

	@Override
	public @Nullable Object attachment() {
		return this.attachment;
	}

	/** The next frame, to become a message; null if it was echoed directly, with no message. */
	@Override
	public @Nullable Object getPayload() {
		try {
			return readFrame();
		}
		catch (FramingException | SSLException | ConnectionFailure ex) {
			// the peer's doing, reported by event and counter: not an error of netlab's to log
			setNoReadErrorOnClose(true);
			publishConnectionExceptionEvent(ex);
			throw new UncheckedIOException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The next frame; null if the one that came was echoed directly. */
	private byte @Nullable [] readFrame() throws IOException {
		this.delivering = null; // the next read overwrites those bytes
		while (true) {
			byte[] frame = this.assembler.next();
			if (frame != null) {
				if (frame.length == this.rawRead) {
					this.delivering = frame;
				}
				this.rawRead = -1;
				return frame;
			}
			noteFrameSince(); // the rest, if any, waits for the next read
			if (this.tls != null) {
				readTls(this.tls, inputStream()); // a new stream object per call: TLS only
				continue;
			}
			ByteBuffer in = this.directIn; // made when the thread started (plain connections)
			int n = this.socket.getChannel().read(in.clear());
			if (n < 0) {
				awaitCloseIfRelayed();
				throw new SoftEndOfStreamException("Stream closed between frames");
			}
			this.marks.active();
			in.flip();
			DirectEcho direct = this.directEcho;
			if (direct != null && n > 0 && n <= this.codec.maxMessageBytes() && !this.assembler.hasPartial()
					&& echoedDirectly(direct, in)) {
				return null; // no message: the read loop comes back here for the next frame
			}
			this.rawRead = (this.codec.framing() == Framing.RAW && n > 0) ? n : -1;
			this.assembler.receive(this.codec.scansForTerminator()
					? ByteBuffer.wrap(this.readBuffer, 0, n).put(in).flip() : in);
			noteFrameSince();
		}
	}

	/**
	 * Offer the frame the last read brought, whole, to the listener's direct echo; if it takes
	 * it, write it back from the read buffer as {@link #send} writes an echo. A failed write
	 * closes the connection as there, and the next read ends the loop.
	 */
	private boolean echoedDirectly(DirectEcho direct, ByteBuffer in) {
		ByteBuffer view = this.deliveringBytes;
		try {
			if (view == null || !direct.take(this.attachment, view.clear().limit(in.limit()))) {
				return false;
			}
		}
		catch (RuntimeException ex) {
			// as a flow that fails for a message: the frame is dropped, the connection goes on
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("Direct echo failed for a frame on " + getConnectionId() + ": " + ex.getMessage());
			}
			return true;
		}
		this.sendLock.lock();
		try {
			this.marks.writeStarted();
			writeFully(in);
			this.marks.active();
		}
		catch (IOException | RuntimeException ex) {
			sendFailed(new MessagingException("Send Failed", ex));
		}
		finally {
			this.marks.writeEnded();
			this.sendLock.unlock();
		}
		return true;
	}

	/** For the sweeper: the assembler's partial frame, written only when it changed. */
	private void noteFrameSince() {
		long since = this.assembler.partialSince();
		if (since != this.frameSince) {
			this.frameSince = since;
		}
	}

	/**
	 * A relay keeps a half-closed connection open for what the other side still sends: this
	 * reader thread then waits until the listener closes it.
	 */
	private void awaitCloseIfRelayed() {
		if (this.halfClose == null) {
			return;
		}
		this.halfClose.halfClosed(getConnectionId());
		try {
			this.closedLatch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** TLS: unwrap what the layer holds (reading more when it needs it) and give it to the assembler. */
	private void readTls(TlsLayer layer, InputStream stream) throws IOException {
		ByteBuffer app = this.tlsApp;
		if (app == null) {
			app = ByteBuffer.allocate(Math.max(BUFFER_BYTES, 2 * layer.applicationBytes()));
			this.tlsApp = app;
		}
		if (!this.tlsPending) {
			ByteBuffer in = layer.netIn;
			if (!in.hasRemaining()) {
				throw new SSLException("TLS record larger than any valid record");
			}
			int n = readBounded(stream, in.array(), in.arrayOffset() + in.position(), in.remaining());
			if (n < 0) {
				layer.inboundClosed = true;
				throw new SoftEndOfStreamException("Stream closed between frames");
			}
			in.position(in.position() + n);
		}
		this.sendLock.lock();
		try {
			this.tlsPending = layer.unwrap(this, app.clear());
		}
		catch (SSLException ex) {
			sendAlert(layer);
			throw ex;
		}
		finally {
			this.sendLock.unlock();
		}
		if (layer.inboundClosed && app.position() == 0) {
			throw new SoftEndOfStreamException("TLS closed between frames");
		}
		this.assembler.receive(app.flip());
		noteFrameSince();
	}

	private void sendAlert(TlsLayer layer) {
		this.sendLock.lock();
		try {
			layer.wrapHandshake(this);
		}
		catch (IOException | RuntimeException ex) {
			// best effort: the connection closes either way
		}
		finally {
			this.sendLock.unlock();
		}
	}

	/** TLS handshake and close records go out at once (under the send lock: wraps are serialized). */
	@Override
	public void sendRecords(ByteBuffer records) throws IOException {
		this.sendLock.lock();
		try {
			this.marks.writeStarted(); // a peer that does not read blocks this write too
			OutputStream raw = this.socket.getOutputStream();
			raw.write(records.array(), records.arrayOffset() + records.position(), records.remaining());
			raw.flush();
			records.position(records.limit());
		}
		finally {
			this.marks.writeEnded();
			this.sendLock.unlock();
		}
	}

	@Override
	public void handshakeFinished() {
		SSLSession session = this.tls.engine.getSession();
		publishEvent(new TlsHandshakeCompletedEvent(this, getConnectionFactoryName(), session.getProtocol(),
				session.getCipherSuite(), this.tls.handshakeMillis()));
	}

	@Override
	public @Nullable SSLSession getSslSession() {
		return (this.tls != null) ? this.tls.engine.getSession() : null;
	}

	/**
	 * One read, blocking until bytes come: the time limits are the sweeper's, which closes the
	 * socket under a read that waits too long. (A read timeout would make every read a failed
	 * non-blocking read, a poll and a second read: three system calls instead of one.)
	 */
	private int readBounded(InputStream stream, byte[] into, int offset, int length) throws IOException {
		int n = stream.read(into, offset, length);
		if (n > 0) {
			this.marks.active();
		}
		return n;
	}

	@Override
	public void send(Message<?> message) {
		Object payload = getMapper().fromMessage(message);
		if (!(payload instanceof byte[] bytes)) {
			throw new MessagingException(message, "netlab TCP replies must be byte[] but were " + payload);
		}
		ByteBuffer uncopied = takeDelivering(bytes);
		this.sendLock.lock();
		try {
			this.marks.writeStarted();
			if (uncopied != null) {
				writeFully(uncopied);
			}
			else if (this.tls != null) {
				sendTls(this.tls, this.codec.encode(bytes));
			}
			else {
				sendPlain(this.codec.encode(bytes));
			}
			this.marks.active();
		}
		catch (IOException | RuntimeException ex) {
			throw sendFailed(new MessagingException(message, "Send Failed", ex));
		}
		finally {
			this.marks.writeEnded();
			this.sendLock.unlock();
		}
	}

	private MessagingException sendFailed(MessagingException failure) {
		publishConnectionExceptionEvent(failure);
		closeConnection(true);
		return failure;
	}

	/**
	 * The bytes of {@code payload} still in the read buffer if it is the raw frame being
	 * delivered and this is the reader thread, once (a second send of it copies as any other);
	 * null otherwise.
	 */
	private @Nullable ByteBuffer takeDelivering(byte[] payload) {
		if (payload != this.delivering || Thread.currentThread() != this.reader) {
			return null;
		}
		this.delivering = null;
		ByteBuffer view = this.deliveringBytes;
		return (view != null) ? view.clear().limit(payload.length) : null;
	}

	private void writeFully(ByteBuffer bytes) throws IOException {
		SocketChannel channel = this.socket.getChannel();
		while (bytes.hasRemaining()) {
			channel.write(bytes);
		}
	}

	/** Under the send lock: copy the frame into the direct buffer and write it whole; a large one as it is. */
	private void sendPlain(ByteBuffer[] frame) throws IOException {
		SocketChannel channel = this.socket.getChannel();
		long bytes = 0;
		for (ByteBuffer part : frame) {
			bytes += part.remaining();
		}
		if (bytes > BUFFER_BYTES) {
			while (hasRemaining(frame)) {
				channel.write(frame);
			}
			return;
		}
		ByteBuffer direct = this.directOut;
		if (direct == null) {
			direct = ByteBuffer.allocateDirect(BUFFER_BYTES);
			this.directOut = direct;
		}
		direct.clear();
		for (ByteBuffer part : frame) {
			direct.put(part);
		}
		writeFully(direct.flip());
	}

	/** Under the send lock: wrap the frame into records and write them through the socket's stream. */
	private void sendTls(TlsLayer layer, ByteBuffer[] frame) throws IOException {
		OutputStream stream = this.out;
		if (stream == null) {
			stream = new BufferedOutputStream(this.socket.getOutputStream(), BUFFER_BYTES);
			this.out = stream;
		}
		while (hasRemaining(frame)) {
			ByteBuffer part = layer.wrap(frame);
			stream.write(part.array(), part.arrayOffset() + part.position(), part.remaining());
			part.position(part.limit());
		}
		stream.flush();
	}

	private static boolean hasRemaining(ByteBuffer[] parts) {
		for (ByteBuffer part : parts) {
			if (part.hasRemaining()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * From the factory's sweeper: close the connection if it broke a time limit (handshake,
	 * write stall, frame under way, idle); the blocked read or write on its thread then fails.
	 */
	void sweep(long now) {
		this.marks.look(now);
		// a write under way blocks this connection's reader too: stalled and not read since the same time
		IOException broken = this.deadlines.broken(now, this.tls, this.frameSince, this.marks.lastActivity(),
				this.marks.stalledSince(), this.marks.stalledSince());
		if (broken == null) {
			return;
		}
		if (broken instanceof ConnectionFailure failure && failure.kind() == ConnectionFailure.Kind.SLOW_CONSUMER) {
			try {
				this.socket.setSoLinger(true, 0); // what it did not read would only sit in the kernel
			}
			catch (IOException ex) {
				// closing is all that is left to do
			}
		}
		setNoReadErrorOnClose(true); // the reader's failing read is this close, not an error of its own
		publishConnectionExceptionEvent(broken);
		close();
	}

	@Override
	public void close() {
		this.closedLatch.countDown();
		this.closed.accept(this);
		this.assembler.release();
		super.close();
	}

}
