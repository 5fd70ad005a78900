package io.netlab.listener.transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.netlab.listener.Framing;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.NoListenerException;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A TCP connection of the NIO transport. Reads happen on its {@link NioEventLoop}: frames are
 * cut in bulk and handed to the listener on that thread, with no hand-off. {@link #send} may be
 * called from any thread; it writes at once and queues only what the socket does not take.
 * An idle connection holds no buffer: a partial frame is kept only until it completes.
 */
final class NioConnection extends TcpConnectionSupport {

	/** Stop reading from a peer that does not read its replies once this much is queued. */
	private static final int WRITE_HIGH_WATER = 256 * 1024;

	private final SocketChannel channel;

	private final NioEventLoop loop;

	private final NioServerConnectionFactory factory;

	private final FrameDecoder decoder;

	private final FrameCodec codec;

	private final int remotePort;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final ReentrantLock writeLock = new ReentrantLock();

	/** Guarded by writeLock: bytes the socket did not take yet. */
	private final ArrayDeque<ByteBuffer> pendingWrites = new ArrayDeque<>();

	private long pendingWriteBytes;

	private boolean closeWhenFlushed;

	private @Nullable SelectionKey key;

	/** Loop thread only: the start of a frame that has not fully arrived, in write mode. */
	private @Nullable ByteBuffer partial;

	/** Loop thread only: the frame being handed to the listener, read by {@link #getPayload()}. */
	private byte @Nullable [] currentFrame;

	private volatile long lastActivity = System.nanoTime();

	/** Present on a TLS listener. */
	private final @Nullable TlsLayer tls;

	NioConnection(SocketChannel channel, NioEventLoop loop, NioServerConnectionFactory factory,
			ApplicationEventPublisher publisher, String factoryName) {
		super(channel.socket(), true, false, publisher, factoryName);
		this.channel = channel;
		this.loop = loop;
		this.factory = factory;
		this.codec = factory.codec();
		this.decoder = this.codec.newDecoder();
		this.remotePort = channel.socket().getPort();
		TlsSettings tlsSettings = factory.tlsSettings();
		try {
			this.tls = (tlsSettings != null) ? new TlsLayer(tlsSettings) : null;
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot start TLS for " + getConnectionId() + ": " + ex.getMessage(), ex);
		}
	}

	/** Register with the loop's selector; runs on the loop thread. */
	void register() {
		try {
			this.key = this.channel.register(this.loop.selector(), SelectionKey.OP_READ, this);
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

	long lastActivity() {
		return this.lastActivity;
	}

	/** Loop thread: true when a TLS handshake has taken longer than allowed. */
	boolean handshakeExpired(long now) {
		return this.tls != null && this.tls.handshakeExpired(now);
	}

	void closeHandshakeExpired() {
		failed(this.tls.handshakeTimeout());
	}

	/** Runs on the loop thread when the socket has bytes (or EOF) for us. */
	void onReadable(ByteBuffer shared) {
		if (this.tls != null) {
			onReadableTls(this.tls);
			return;
		}
		ByteBuffer buffer = this.partial;
		if (buffer == null) {
			buffer = shared;
			buffer.clear();
			if (this.codec.framing() == Framing.RAW && buffer.capacity() > this.codec.maxMessageBytes()) {
				buffer.limit(this.codec.maxMessageBytes());
			}
		}
		int read;
		try {
			read = this.channel.read(buffer);
		}
		catch (IOException ex) {
			failed(ex);
			return;
		}
		this.lastActivity = System.nanoTime();
		buffer.flip();
		try {
			while (buffer.hasRemaining() && this.channel.isOpen()) {
				byte[] frame = this.decoder.decode(buffer);
				if (frame == null) {
					break;
				}
				deliver(frame);
			}
		}
		catch (FramingException ex) {
			failed(ex);
			return;
		}
		keepPartial(buffer, shared);
		if (read < 0) {
			endOfStream();
		}
	}

	/** TLS: unwrap into the layer's application buffer and cut frames from there. */
	private void onReadableTls(TlsLayer layer) {
		int read;
		try {
			read = this.channel.read(layer.netIn);
			this.lastActivity = System.nanoTime();
			layer.unwrap(this);
			if (read < 0 && !layer.inboundClosed) {
				layer.inboundClosed = true;
				try {
					layer.engine.closeInbound();
				}
				catch (SSLException ex) {
					// the peer closed without close_notify: an end of stream all the same
				}
			}
		}
		catch (SSLException ex) {
			// tell the peer why (the engine has a fatal alert to send), then close
			try {
				writeTlsHandshake();
			}
			catch (IOException | RuntimeException alertFailed) {
				// best effort
			}
			failed(ex);
			return;
		}
		catch (IOException ex) {
			failed(ex);
			return;
		}
		ByteBuffer app = layer.appIn.flip();
		try {
			while (app.hasRemaining() && this.channel.isOpen()) {
				byte[] frame = this.decoder.decode(app);
				if (frame == null) {
					break;
				}
				deliver(frame);
			}
		}
		catch (FramingException ex) {
			app.compact();
			failed(ex);
			return;
		}
		int needed = app.hasRemaining() ? this.decoder.capacityNeeded(app) : 0;
		app.compact();
		if (needed > app.capacity()) {
			layer.appIn = TlsLayer.grow(app, needed - app.capacity());
		}
		if (layer.inboundClosed) {
			endOfStream();
		}
	}

	/** Loop thread, from the TLS layer: wrap and write what the handshake (or a close) needs to send. */
	void writeTlsHandshake() throws IOException {
		this.writeLock.lock();
		try {
			ByteBuffer out = this.tls.wrapHandshake();
			if (out.hasRemaining()) {
				writeOrQueue(out);
			}
			if (this.tls.finishedByWrap) {
				tlsHandshakeFinished();
			}
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/** The handshake is done: tell whoever listens which protocol and cipher, and how long it took. */
	void tlsHandshakeFinished() {
		TlsLayer layer = this.tls;
		if (layer == null || layer.handshakeDone) {
			return;
		}
		layer.handshakeDone = true;
		SSLSession session = layer.engine.getSession();
		publishEvent(new TlsHandshakeCompletedEvent(this, getConnectionFactoryName(), session.getProtocol(),
				session.getCipherSuite(), layer.handshakeMillis()));
	}

	/** Under the write lock: write now, or queue what the socket does not take. */
	private void writeOrQueue(ByteBuffer out) throws IOException {
		if (this.pendingWrites.isEmpty()) {
			this.channel.write(out);
		}
		if (out.hasRemaining()) {
			this.pendingWrites.add(out);
			this.pendingWriteBytes += out.remaining();
			interest(this.pendingWriteBytes > WRITE_HIGH_WATER ? SelectionKey.OP_WRITE
					: SelectionKey.OP_WRITE | SelectionKey.OP_READ);
		}
	}

	private void keepPartial(ByteBuffer buffer, ByteBuffer shared) {
		if (!buffer.hasRemaining()) {
			this.partial = null;
			return;
		}
		int needed = Math.max(this.decoder.capacityNeeded(buffer), buffer.remaining() + 1);
		if (buffer == shared || buffer.capacity() < needed) {
			ByteBuffer grown = ByteBuffer.allocate(Math.max(needed, Math.min(2 * buffer.remaining(), this.codec.maxFrameBytes())));
			grown.put(buffer);
			this.partial = grown;
		}
		else {
			buffer.compact();
		}
	}

	private void deliver(byte[] frame) {
		this.currentFrame = frame;
		try {
			Message<?> message = getMapper().toMessage(this);
			TcpListener listener = getListener();
			if (listener == null) {
				throw new NoListenerException("No listener");
			}
			if (message != null) {
				listener.onMessage(message);
			}
		}
		catch (RuntimeException ex) {
			this.logger.error("Flow failed for a message on " + getConnectionId() + ": " + ex.getMessage());
		}
		finally {
			this.currentFrame = null;
		}
	}

	/** The peer half-closed: replies already queued still go out, then we close. */
	private void endOfStream() {
		this.writeLock.lock();
		try {
			if (this.tls != null && !this.tls.engine.isOutboundDone()) {
				try {
					this.tls.engine.closeOutbound();
					writeTlsHandshake();
				}
				catch (IOException ex) {
					// best effort: the connection closes either way
				}
			}
			if (this.pendingWrites.isEmpty()) {
				closeNow();
			}
			else {
				this.closeWhenFlushed = true;
				interest(SelectionKey.OP_WRITE);
			}
		}
		finally {
			this.writeLock.unlock();
		}
	}

	@Override
	public @Nullable Object getPayload() {
		return this.currentFrame;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		Object payload = getMapper().fromMessage(message);
		if (!(payload instanceof byte[] bytes)) {
			throw new MessagingException(message, "netlab TCP replies must be byte[] but were " + payload);
		}
		ByteBuffer[] frame = frame(bytes);
		this.writeLock.lock();
		try {
			if (this.tls != null) {
				sendTls(message, frame);
				return;
			}
			if (this.pendingWrites.isEmpty()) {
				if (frame.length == 1) {
					this.channel.write(frame[0]);
				}
				else {
					this.channel.write(frame);
				}
			}
			for (ByteBuffer part : frame) {
				if (part.hasRemaining()) {
					this.pendingWrites.add(part);
					this.pendingWriteBytes += part.remaining();
				}
			}
			if (!this.pendingWrites.isEmpty()) {
				interest(this.pendingWriteBytes > WRITE_HIGH_WATER ? SelectionKey.OP_WRITE
						: SelectionKey.OP_WRITE | SelectionKey.OP_READ);
			}
		}
		catch (IOException ex) {
			MessagingException mex = new MessagingException(message, "Send Failed", ex);
			publishConnectionExceptionEvent(mex);
			closeConnection(true);
			throw mex;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/** Under the write lock: encrypt the frame into TLS records and write them. */
	private void sendTls(Message<?> message, ByteBuffer[] frame) throws IOException {
		if (!this.tls.handshakeDone) {
			throw new MessagingException(message, "TLS handshake not finished on " + getConnectionId());
		}
		while (hasRemaining(frame)) {
			writeOrQueue(this.tls.wrapRecord(frame));
		}
	}

	private static boolean hasRemaining(ByteBuffer[] buffers) {
		for (ByteBuffer buffer : buffers) {
			if (buffer.hasRemaining()) {
				return true;
			}
		}
		return false;
	}

	/** The reply on the wire: just the payload for raw framing, else prefix, payload and suffix. */
	private ByteBuffer[] frame(byte[] payload) {
		byte[] prefix = this.codec.prefix(payload.length);
		byte[] suffix = this.codec.suffix();
		if (prefix.length == 0 && suffix.length == 0) {
			return new ByteBuffer[] { ByteBuffer.wrap(payload) };
		}
		if (prefix.length == 0) {
			return new ByteBuffer[] { ByteBuffer.wrap(payload), ByteBuffer.wrap(suffix) };
		}
		if (suffix.length == 0) {
			return new ByteBuffer[] { ByteBuffer.wrap(prefix), ByteBuffer.wrap(payload) };
		}
		return new ByteBuffer[] { ByteBuffer.wrap(prefix), ByteBuffer.wrap(payload), ByteBuffer.wrap(suffix) };
	}

	/** Runs on the loop thread when the socket can take more of what is queued. */
	void onWritable() {
		this.writeLock.lock();
		try {
			while (!this.pendingWrites.isEmpty()) {
				ByteBuffer head = this.pendingWrites.peek();
				int written = this.channel.write(head);
				this.pendingWriteBytes -= written;
				if (head.hasRemaining()) {
					interest(this.pendingWriteBytes > WRITE_HIGH_WATER ? SelectionKey.OP_WRITE
							: SelectionKey.OP_WRITE | SelectionKey.OP_READ);
					return;
				}
				this.pendingWrites.poll();
			}
			if (this.closeWhenFlushed) {
				closeNow();
			}
			else {
				interest(SelectionKey.OP_READ);
			}
		}
		catch (IOException ex) {
			failed(ex);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void interest(int ops) {
		SelectionKey selectionKey = this.key;
		if (selectionKey != null && selectionKey.isValid() && selectionKey.interestOps() != ops) {
			selectionKey.interestOps(ops);
			if (!this.loop.inLoop()) {
				this.loop.selector().wakeup();
			}
		}
	}

	/** A read, write or framing failure: publish it, then close. */
	private void failed(Exception ex) {
		if (!this.closed.get()) {
			publishConnectionExceptionEvent(ex);
		}
		closeConnection(true);
	}

	void closeIdle(long idleTimeoutMs) {
		failed(new SocketTimeoutException("idle for more than " + idleTimeoutMs + " ms"));
	}

	private void closeNow() {
		closeConnection(false);
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				this.logger.debug("Close failed for " + getConnectionId(), ex);
			}
			this.partial = null;
			this.factory.removeConnection(this);
		}
		super.close();
	}

	@Override
	public boolean isOpen() {
		return !this.closed.get() && this.channel.isOpen();
	}

	@Override
	public int getPort() {
		return this.remotePort;
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
