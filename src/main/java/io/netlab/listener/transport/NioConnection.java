package io.netlab.listener.transport;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.netlab.wire.FrameAssembler;
import io.netlab.wire.FrameCodec;
import io.netlab.wire.Framing;
import io.netlab.wire.FramingException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;

/**
 * A TCP connection of the NIO transport: its state machine. Reads happen on its
 * {@link NioEventLoop}: frames are cut in bulk by its {@link FrameAssembler} and handed to the
 * listener on that thread, with no hand-off. {@link #send} may be called from any thread: its
 * {@link NioOutbound} half writes at once and queues only what the socket does not take, in
 * memory it accounts; over the high-water mark the connection is no longer read, and a peer that
 * leaves it there, or leaves its replies unread, past the write-stall timeout is closed. The
 * loop's sweep closes it when it breaks a time limit. An idle connection holds no buffer, no frame assembler, no write
 * queue, no lock object and no message headers (its loop keeps what can be shared): at 10,000
 * connections every object and field here counts (measure with bench/idle-heap.sh).
 */
final class NioConnection extends TcpConnectionSupport implements TlsLayer.Peer, ReceivingConnection {

	private static final VarHandle CLOSED;

	static {
		try {
			CLOSED = MethodHandles.lookup().findVarHandle(NioConnection.class, "closed", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Loop thread only: where the loop keeps this connection's received-message headers. */
	private int headerSlot;

	private final SocketChannel channel;

	/** Where the listener's codec, limits and half-close listener are: not copied into every connection. */
	private final ServerFactory factory;

	/**
	 * Loop thread only: the assembler holding the start of a frame that has not fully arrived;
	 * null while none does, the loop's own cutting this connection's frames then.
	 */
	private @Nullable FrameAssembler assembler;

	/**
	 * Set once, by the first {@link #close} (compare-and-set through {@link #CLOSED}), read by
	 * any thread: a field and a VarHandle instead of an {@code AtomicBoolean} object per connection.
	 */
	private volatile boolean closed;

	private final NioOutbound outbound;

	/** Loop thread only: the frame being handed to the listener, read by {@link #getPayload()}. */
	private byte @Nullable [] currentFrame;

	/** What the listener attached (on the accept thread, before the loop reads the connection). */
	private volatile @Nullable Object attachment;

	/** Loop thread only: the last read (System.nanoTime()); the last write is the outbound half's. */
	private long lastRead = System.nanoTime();

	/** Present on a TLS listener. */
	private final @Nullable TlsLayer tls;

	NioConnection(SocketChannel channel, NioEventLoop loop, ServerFactory factory, ApplicationEventPublisher publisher,
			String factoryName) {
		super(channel.socket(), true, false, publisher, factoryName);
		this.channel = channel;
		this.factory = factory;
		this.outbound = new NioOutbound(channel, loop);
		TlsSettings tlsSettings = factory.tlsSettings();
		try {
			this.tls = (tlsSettings != null) ? new TlsLayer(tlsSettings) : null;
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot start TLS for " + getConnectionId() + ": " + ex.getMessage(), ex);
		}
	}

	/** The connection's loop, known to its outbound half: one field less here keeps this object at 128 bytes. */
	private NioEventLoop loop() {
		return this.outbound.loop();
	}

	/** Register with the loop's selector; runs on the loop thread. */
	void register() {
		this.headerSlot = loop().shared().headerSlot();
		try {
			this.outbound.key(this.channel.register(loop().selector(), SelectionKey.OP_READ, this));
		}
		catch (ClosedChannelException ex) {
			close();
		}
	}

	/** Publish the open event; runs on the accept thread before the connection is registered. */
	void publishOpened() {
		publishConnectionOpenEvent();
	}

	/** Nothing to run: reading is driven by the event loop, not by a thread per connection. */
	@Override
	public void run() {
		// the event loop calls onReadable and onWritable
	}

	/**
	 * Runs on the loop thread when the socket has bytes (or EOF) for us: read into the loop's
	 * direct buffer, and cut frames from there (or, for framings found by scanning for a
	 * terminator, from the loop's heap buffer the bytes are copied to).
	 */
	void onReadable(ByteBuffer socketIn, ByteBuffer shared) throws IOException {
		if (this.tls != null) {
			onReadableTls(this.tls, shared);
			return;
		}
		FrameCodec codec = this.factory.codec();
		socketIn.clear();
		if (codec.framing() == Framing.RAW && socketIn.capacity() > codec.maxMessageBytes()) {
			socketIn.limit(codec.maxMessageBytes());
		}
		int read;
		try {
			read = this.channel.read(socketIn);
		}
		catch (IOException ex) {
			failed(ex);
			return;
		}
		socketIn.flip();
		ByteBuffer received = socketIn;
		if (codec.scansForTerminator()) {
			received = shared.clear().put(socketIn).flip();
		}
		// raw: the read is the frame, and its bytes stay in the direct buffer while it is delivered
		boolean rawRead = codec.framing() == Framing.RAW && read > 0;
		this.lastRead = loop().now();
		if (deliverFrames(received, rawRead ? read : -1) && read < 0) {
			HalfCloseListener relay = this.factory.halfCloseListener();
			if (relay != null) {
				// a relay keeps the connection open for what the other side still sends; it closes it
				this.outbound.stopReading();
				relay.halfClosed(getConnectionId());
			}
			else {
				endOfStream();
			}
		}
	}

	/** TLS: unwrap into the loop's buffer, cut frames from there, and again while records are left. */
	private void onReadableTls(TlsLayer layer, ByteBuffer shared) {
		try {
			int read = this.channel.read(layer.netIn);
			this.lastRead = loop().now();
			boolean more;
			do {
				shared.clear();
				synchronized (this.outbound) { // the send monitor: unwrap may answer handshake records
					more = layer.unwrap(this, shared);
				}
				if (!deliverFrames(shared.flip(), -1)) {
					return;
				}
			}
			while (more);
			if (read < 0 && !layer.inboundClosed) {
				layer.inboundClosed = true;
				closeInboundQuietly(layer);
			}
		}
		catch (SSLException ex) {
			sendAlert(layer);
			failed(ex);
			return;
		}
		catch (IOException ex) {
			failed(ex);
			return;
		}
		if (layer.inboundClosed) {
			endOfStream();
		}
	}

	private static void closeInboundQuietly(TlsLayer layer) {
		try {
			layer.engine.closeInbound();
		}
		catch (SSLException ex) {
			// the peer closed without close_notify: an end of stream all the same
		}
	}

	/** Tell the peer why (the engine has a fatal alert to send); best effort, the connection closes. */
	private void sendAlert(TlsLayer layer) {
		synchronized (this.outbound) {
			try {
				layer.wrapHandshake(this);
			}
			catch (IOException | RuntimeException ex) {
				// best effort
			}
		}
	}

	/**
	 * Cut the frames out of what was received and hand each to the listener; false when the
	 * connection closed meanwhile. A connection with no incomplete frame has its frames cut by
	 * the loop's assembler, and keeps one of its own only while a frame is incomplete (an idle
	 * connection holds none). {@code rawRead} is the length of a raw read whose bytes are still
	 * at the start of the loop's read buffer, -1 otherwise.
	 */
	private boolean deliverFrames(ByteBuffer received, int rawRead) {
		FrameAssembler own = this.assembler;
		FrameAssembler frames = (own != null) ? own : loop().shared().frames();
		boolean completed = false;
		try {
			frames.receive(received);
			byte[] frame;
			while (!this.closed && (frame = frames.next()) != null) {
				deliver(frame, frame.length == rawRead);
			}
			completed = true;
		}
		catch (FramingException ex) {
			failed(ex);
		}
		finally {
			boolean over = !completed || this.closed;
			if (own == null) {
				// whatever the loop's assembler holds now is this connection's, or is dropped
				this.assembler = loop().shared().settleFrames(over);
			}
			else if (over || !own.hasPartial()) {
				this.assembler = null;
			}
		}
		return !this.closed;
	}

	private void deliver(byte[] frame, boolean wholeRawRead) {
		this.currentFrame = frame;
		if (wholeRawRead) {
			loop().delivering(frame, 0, frame.length);
		}
		try {
			Message<?> message = getMapper().toMessage(this);
			if (message != null && getListener() != null) {
				getListener().onMessage(message);
			}
		}
		catch (RuntimeException ex) {
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("Flow failed for a message on " + getConnectionId() + ": " + ex.getMessage());
			}
		}
		finally {
			this.currentFrame = null;
			if (wholeRawRead) {
				loop().delivered();
			}
		}
	}

	@Override
	public void sendRecords(ByteBuffer records) throws IOException {
		this.outbound.sendScratch(records);
	}

	/** The handshake is done: tell whoever listens which protocol and cipher, and how long it took. */
	@Override
	public void handshakeFinished() {
		SSLSession session = this.tls.engine.getSession();
		publishEvent(new TlsHandshakeCompletedEvent(this, getConnectionFactoryName(), session.getProtocol(),
				session.getCipherSuite(), this.tls.handshakeMillis()));
	}

	/** The peer half-closed: replies already queued still go out, then we close. */
	private void endOfStream() {
		synchronized (this.outbound) {
			if (this.tls != null && !this.tls.engine.isOutboundDone()) {
				try {
					this.tls.engine.closeOutbound();
					this.tls.wrapHandshake(this);
				}
				catch (IOException ex) {
					// best effort: the connection closes either way
				}
			}
			if (this.outbound.closeWhenFlushed()) {
				closeConnection(false);
			}
		}
	}

	/** Runs on the loop thread, as the frame is mapped to a message. */
	@Override
	public MessageHeaders receivedHeaders() {
		return loop().shared().receivedHeaders(this.headerSlot, this);
	}

	/** On the accept thread, from the open event: before the loop reads anything for this connection. */
	@Override
	public void attach(Object attachment) {
		this.attachment = attachment;
	}

	@Override
	public @Nullable Object attachment() {
		return this.attachment;
	}

	@Override
	public @Nullable Object getPayload() {
		return this.currentFrame;
	}

	@Override
	public void send(Message<?> message) {
		Object payload = getMapper().fromMessage(message);
		if (!(payload instanceof byte[] bytes)) {
			throw new MessagingException(message, "netlab TCP replies must be byte[] but were " + payload);
		}
		if (this.tls != null && !this.tls.handshakeDone) {
			throw new MessagingException(message, "TLS handshake not finished on " + getConnectionId());
		}
		try {
			// the echo of the raw frame being delivered goes out from the read buffer, uncopied
			ByteBuffer direct = (this.tls == null) ? loop().takeDeliveringBytes(bytes) : null;
			if (direct != null) {
				this.outbound.sendScratch(direct);
			}
			else {
				this.outbound.send(this.factory.codec().encode(bytes), this.tls);
			}
		}
		catch (IOException ex) {
			MessagingException mex = new MessagingException(message, "Send Failed", ex);
			publishConnectionExceptionEvent(mex);
			closeConnection(true);
			throw mex;
		}
	}

	/** Runs on the loop thread when the socket can take more of what is queued. */
	void onWritable() {
		try {
			if (this.outbound.flush()) {
				closeConnection(false);
			}
		}
		catch (IOException ex) {
			failed(ex);
		}
	}

	/**
	 * Runs on the loop thread every sweep: close the connection if it broke a time limit. The
	 * frame timeout does not run while the connection is not read because its peer does not read.
	 */
	void sweep(long now) {
		if (this.outbound.stalledSince() != 0) {
			// the selector calls a socket writable only once much of its buffer is free: a peer
			// that reads slowly makes room a write takes long before that, and this write counts it
			onWritable();
			if (this.closed) {
				return;
			}
		}
		FrameAssembler own = this.assembler;
		IOException broken = loop().deadlines().broken(now, this.tls, (own != null) ? own.partialSince() : 0,
				Math.max(this.lastRead, this.outbound.lastWrite()), this.outbound.stalledSince(),
				this.outbound.overSince());
		if (broken != null) {
			if (broken instanceof ConnectionFailure failure && failure.kind() == ConnectionFailure.Kind.SLOW_CONSUMER) {
				abortOnClose(); // what it did not read would only sit in the kernel for minutes
			}
			failed(broken);
		}
	}

	/** Close with a reset (SO_LINGER 0): unsent bytes are dropped at once instead of lingering. */
	private void abortOnClose() {
		try {
			this.channel.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
		}
		catch (IOException | RuntimeException ex) {
			// closing is all that is left to do
		}
	}

	/** The loop caught something netlab's own code threw for this connection: close only it. */
	void crashed(Throwable failure) {
		failed(new ConnectionFailure(ConnectionFailure.Kind.INTERNAL,
				"netlab failed on this connection: " + failure, failure));
	}

	/** A read, write, framing or limit failure: publish it, then close. */
	private void failed(Exception ex) {
		if (!this.closed) {
			publishConnectionExceptionEvent(ex);
		}
		closeConnection(true);
	}

	@Override
	public void close() {
		if (CLOSED.compareAndSet(this, false, true)) {
			ServerFactory.closeQuietly(this.channel);
			if (!loop().inLoop()) {
				// a registered channel is only really closed (and, with SO_LINGER 0, reset) when
				// its selector next deregisters it: wake the loop so that happens now
				loop().selector().wakeup();
			}
			FrameAssembler own = this.assembler;
			if (own != null) {
				own.release();
			}
			this.outbound.clear();
			this.factory.removeConnection(this);
			// the loop's header slot must not keep a closed connection (and its TLS buffers) reachable
			NioEventLoop loop = loop();
			loop.execute(() -> loop.shared().releaseHeaders(this.headerSlot, this));
		}
		super.close();
	}

	@Override
	public boolean isOpen() {
		return !this.closed && this.channel.isOpen();
	}

	/** The peer's port: the channel keeps its remote address after it closes, so nothing is copied here. */
	@Override
	public int getPort() {
		return this.channel.socket().getPort();
	}

	@Override
	public @Nullable Object getDeserializerStateKey() {
		return null;
	}

	@Override
	public @Nullable SSLSession getSslSession() {
		return (this.tls != null) ? this.tls.engine.getSession() : null;
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.channel.shutdownOutput();
	}

	@Override
	public void shutdownInput() throws IOException {
		this.channel.shutdownInput();
	}

}
