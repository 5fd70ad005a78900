package io.netlab.listener.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.DefaultTcpNetSSLSocketFactorySupport;
import org.springframework.integration.ip.tcp.connection.DefaultTcpSocketSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * The {@code blocking} io mode: Spring Integration's own thread-per-connection factory, with its
 * two memory and speed traps removed: reads go through an 8 KiB buffer and are framed in bulk
 * (instead of one {@code read()} syscall per byte), and replies go through an 8 KiB buffer
 * (instead of one as big as the socket's send buffer, megabytes on loopback).
 */
public class BlockingServerConnectionFactory extends TcpNetServerConnectionFactory implements ServerTransport {

	private static final int BUFFER_BYTES = 8192;

	private volatile CompletableFuture<Integer> bound = new CompletableFuture<>();

	public BlockingServerConnectionFactory(int port, FrameCodec codec, @Nullable TlsSettings tls) {
		super(port);
		setDeserializer(codec);
		setSerializer(codec);
		setTcpNetConnectionSupport((socket, server, lookupHost, publisher, factoryName) ->
				new BufferedConnection(socket, server, lookupHost, publisher, factoryName, codec,
						(tls != null) ? tls.handshakeTimeoutMs() : 0));
		if (tls != null) {
			setTcpSocketFactorySupport(new DefaultTcpNetSSLSocketFactorySupport(tls::context));
			setTcpSocketSupport(new DefaultTcpSocketSupport(false) {

				@Override
				public void postProcessServerSocket(ServerSocket serverSocket) {
					if (serverSocket instanceof SSLServerSocket ssl) {
						ssl.setSSLParameters(tls.parameters(ssl.getSSLParameters()));
					}
				}

			});
		}
	}

	@Override
	public CompletableFuture<Integer> bound() {
		return this.bound;
	}

	/** Both adapters of an echo flow start their shared factory: only the first start counts. */
	@Override
	public void start() {
		if (isActive()) {
			return;
		}
		this.bound = new CompletableFuture<>();
		super.start();
	}

	@Override
	protected void publishServerListeningEvent(int port) {
		this.bound.complete(getPort());
		super.publishServerListeningEvent(port);
	}

	@Override
	protected void publishServerExceptionEvent(Exception ex) {
		this.bound.completeExceptionally(ex);
		super.publishServerExceptionEvent(ex);
	}

	@Override
	public @Nullable ServerSocket serverSocket() {
		return getServerSocket();
	}

	@Override
	public void stopAccepting() {
		ServerSocket serverSocket = getServerSocket();
		if (serverSocket != null) {
			try {
				serverSocket.close();
			}
			catch (IOException ex) {
				this.logger.debug(ex, "Closing server socket failed");
			}
		}
		setListening(false);
	}

	/**
	 * A thread-per-connection connection that reads in bulk into a buffer and cuts frames from it.
	 */
	static final class BufferedConnection extends TcpNetConnection {

		private final Socket socket;

		private final FrameDecoder decoder;

		private final ReentrantLock sendLock = new ReentrantLock();

		/** Reader thread only; in read mode between calls. */
		private ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES).flip();

		private final int maxFrameBytes;

		private @Nullable OutputStream out;

		private final long handshakeTimeoutMs;

		private boolean handshakeDone;

		BufferedConnection(Socket socket, boolean server, boolean lookupHost,
				@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName, FrameCodec codec,
				long handshakeTimeoutMs) {
			super(socket, server, lookupHost, publisher, factoryName);
			this.socket = socket;
			this.handshakeTimeoutMs = handshakeTimeoutMs;
			this.decoder = codec.newDecoder();
			this.maxFrameBytes = codec.maxFrameBytes();
		}

		@Override
		public Object getPayload() {
			try {
				return readFrame();
			}
			catch (FramingException | javax.net.ssl.SSLException ex) {
				// the peer's mistake, reported by event and counter: not an error of netlab's to log
				setNoReadErrorOnClose(true);
				throw new java.io.UncheckedIOException(ex);
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		/**
		 * TLS: handshake before the first read, on this connection's thread and after its open
		 * event, with its own timeout; a failure is a read failure like any other.
		 */
		private void handshake(SSLSocket ssl) throws IOException {
			long started = System.nanoTime();
			int readTimeout = ssl.getSoTimeout();
			ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, this.handshakeTimeoutMs));
			try {
				ssl.startHandshake();
			}
			catch (java.net.SocketTimeoutException ex) {
				throw new javax.net.ssl.SSLHandshakeException(
						"TLS handshake not finished within " + this.handshakeTimeoutMs + " ms");
			}
			ssl.setSoTimeout(readTimeout);
			this.handshakeDone = true;
			javax.net.ssl.SSLSession session = ssl.getSession();
			publishEvent(new TlsHandshakeCompletedEvent(this, getConnectionFactoryName(), session.getProtocol(),
					session.getCipherSuite(), (System.nanoTime() - started) / 1_000_000L));
		}

		private byte[] readFrame() throws IOException {
			if (!this.handshakeDone && this.socket instanceof SSLSocket ssl) {
				handshake(ssl);
			}
			InputStream stream = inputStream();
			while (true) {
				if (this.in.hasRemaining()) {
					byte[] frame = this.decoder.decode(this.in);
					if (frame != null) {
						return frame;
					}
				}
				int needed = Math.max(this.decoder.capacityNeeded(this.in), this.in.remaining() + 1);
				if (needed > this.in.capacity()) {
					ByteBuffer grown = ByteBuffer.allocate(Math.min(Math.max(needed, 2 * this.in.capacity()),
							Math.max(needed, this.maxFrameBytes)));
					grown.put(this.in);
					this.in = grown;
				}
				else {
					this.in.compact();
				}
				int n = stream.read(this.in.array(), this.in.arrayOffset() + this.in.position(), this.in.remaining());
				if (n < 0) {
					this.in.flip();
					throw new SoftEndOfStreamException("Stream closed between frames");
				}
				this.in.position(this.in.position() + n);
				this.in.flip();
			}
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
				((Serializer<Object>) getSerializer()).serialize(payload, stream);
				stream.flush();
			}
			catch (IOException | RuntimeException ex) {
				MessagingException mex = new MessagingException(message, "Send Failed", ex);
				publishConnectionExceptionEvent(mex);
				closeConnection(true);
				throw mex;
			}
			finally {
				this.sendLock.unlock();
			}
		}

	}

}
