package io.netlab.listener.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import io.netlab.wire.FrameAssembler;
import io.netlab.wire.FrameCodec;
import io.netlab.wire.FramingException;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A connection of the {@code blocking} io mode: Spring Integration's thread-per-connection
 * read loop, fed by bulk reads into an 8 KiB buffer cut by the listener's {@link FrameAssembler}
 * (instead of one {@code read()} per byte), replies through an 8 KiB buffer. Each read waits at
 * most until the idle or frame deadline, whichever applies; a stuck write is closed by the
 * factory's sweeper.
 */
final class BlockingConnection extends TcpNetConnection {

	private static final int BUFFER_BYTES = 8192;

	private final Socket socket;

	private final FrameAssembler assembler;

	private final ConnectionLimits limits;

	private final long handshakeTimeoutMs;

	private final Consumer<BlockingConnection> closed;

	private final ReentrantLock sendLock = new ReentrantLock();

	/** Reader thread only. */
	private final byte[] readBuffer = new byte[BUFFER_BYTES];

	private @Nullable OutputStream out;

	private boolean handshakeDone;

	private volatile long lastActivity = System.nanoTime();

	/** System.nanoTime() when the write under way started; 0 when none is. */
	private volatile long writingSince;

	BlockingConnection(Socket socket, @Nullable ApplicationEventPublisher publisher, @Nullable String factoryName,
			FrameCodec codec, ConnectionLimits limits, long handshakeTimeoutMs, Consumer<BlockingConnection> closed) {
		super(socket, true, false, publisher, factoryName);
		this.socket = socket;
		this.limits = limits;
		this.handshakeTimeoutMs = handshakeTimeoutMs;
		this.closed = closed;
		this.assembler = codec.newAssembler(BUFFER_BYTES);
	}

	@Override
	public Object getPayload() {
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

	private byte[] readFrame() throws IOException {
		if (!this.handshakeDone && this.socket instanceof SSLSocket ssl) {
			handshake(ssl);
		}
		InputStream stream = inputStream();
		while (true) {
			byte[] frame = this.assembler.next();
			if (frame != null) {
				return frame;
			}
			int n = readBounded(stream);
			if (n < 0) {
				throw new SoftEndOfStreamException("Stream closed between frames");
			}
			this.lastActivity = System.nanoTime();
			this.assembler.receive(ByteBuffer.wrap(this.readBuffer, 0, n));
		}
	}

	/** One read, waiting no longer than the frame deadline (a frame is under way) or the idle deadline. */
	private int readBounded(InputStream stream) throws IOException {
		while (true) {
			long now = System.nanoTime();
			long frameSince = this.assembler.partialSince();
			boolean framing = frameSince != 0 && this.limits.frameTimeoutMs() > 0;
			long deadline = framing ? frameSince + millis(this.limits.frameTimeoutMs())
					: (this.limits.idleTimeoutMs() > 0) ? this.lastActivity + millis(this.limits.idleTimeoutMs()) : 0;
			if (deadline != 0 && deadline - now <= 0) {
				throw framing
						? new ConnectionFailure(ConnectionFailure.Kind.FRAME_TIMEOUT,
								"frame not complete within " + this.limits.frameTimeoutMs() + " ms", null)
						: new ConnectionFailure(ConnectionFailure.Kind.IDLE,
								"no read or write for more than " + this.limits.idleTimeoutMs() + " ms", null);
			}
			int timeout = (deadline == 0) ? 0
					: (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1));
			this.socket.setSoTimeout(timeout);
			try {
				return stream.read(this.readBuffer, 0, this.readBuffer.length);
			}
			catch (SocketTimeoutException ex) {
				// a deadline passed (or activity moved it): look again
			}
		}
	}

	private static long millis(long ms) {
		return TimeUnit.MILLISECONDS.toNanos(ms);
	}

	/**
	 * TLS: handshake before the first read, on this connection's thread and after its open
	 * event, with its own timeout; a failure is a read failure like any other.
	 */
	private void handshake(SSLSocket ssl) throws IOException {
		long started = System.nanoTime();
		ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, this.handshakeTimeoutMs));
		try {
			ssl.startHandshake();
		}
		catch (SocketTimeoutException ex) {
			throw new SSLHandshakeException("TLS handshake not finished within " + this.handshakeTimeoutMs + " ms");
		}
		this.handshakeDone = true;
		SSLSession session = ssl.getSession();
		publishEvent(new TlsHandshakeCompletedEvent(this, getConnectionFactoryName(), session.getProtocol(),
				session.getCipherSuite(), (System.nanoTime() - started) / 1_000_000L));
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		this.sendLock.lock();
		try {
			OutputStream stream = this.out;
			if (stream == null) {
				stream = new BufferedOutputStream(this.socket.getOutputStream(), BUFFER_BYTES);
				this.out = stream;
			}
			Object payload = getMapper().fromMessage(message);
			this.writingSince = System.nanoTime();
			((Serializer<Object>) getSerializer()).serialize(payload, stream);
			stream.flush();
			this.lastActivity = System.nanoTime();
		}
		catch (IOException | RuntimeException ex) {
			MessagingException mex = new MessagingException(message, "Send Failed", ex);
			publishConnectionExceptionEvent(mex);
			closeConnection(true);
			throw mex;
		}
		finally {
			this.writingSince = 0;
			this.sendLock.unlock();
		}
	}

	/** From the factory's sweeper: close the connection if a write has been stuck too long. */
	void sweep(long now) {
		long since = this.writingSince;
		if (since != 0 && now - since > millis(this.limits.writeStallTimeoutMs())) {
			publishConnectionExceptionEvent(new ConnectionFailure(ConnectionFailure.Kind.SLOW_CONSUMER,
					"replies not read for more than " + this.limits.writeStallTimeoutMs() + " ms", null));
			close();
		}
	}

	@Override
	public void close() {
		this.closed.accept(this);
		this.assembler.release();
		super.close();
	}

}
