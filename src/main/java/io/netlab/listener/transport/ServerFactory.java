package io.netlab.listener.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.netlab.wire.FrameCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

/**
 * What both of netlab's TCP transports share under Spring Integration's endpoints: binding, and
 * an accept loop that never gives up while the listener runs. A failed accept (no file
 * descriptor left, say) is counted, retried after a back-off from 10 ms to 1 s, and reported to
 * health once it has lasted; a connection that cannot be set up is closed, and the loop goes on.
 * Subclasses say how an accepted connection is served: by an event loop, or by a thread.
 */
public abstract class ServerFactory extends AbstractServerConnectionFactory implements ServerTransport {

	private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final FrameCodec codec;

	private final ConnectionLimits limits;

	private volatile CompletableFuture<Integer> bound = new CompletableFuture<>();

	private volatile @Nullable ServerSocketChannel serverChannel;

	private volatile @Nullable Thread acceptThread;

	private volatile boolean reuseAddress = true;

	private volatile TransportHealth health = new TransportHealth();

	private volatile @Nullable TlsSettings tlsSettings;

	private volatile @Nullable HalfCloseListener halfCloseListener;

	private volatile @Nullable DirectEcho directEcho;

	protected ServerFactory(int port, FrameCodec codec, ConnectionLimits limits) {
		super(port);
		this.codec = codec;
		this.limits = limits;
		setDeserializer(codec);
		setSerializer(codec);
	}

	FrameCodec codec() {
		return this.codec;
	}

	ConnectionLimits limits() {
		return this.limits;
	}

	/** Serve TLS on every accepted connection. */
	public void setTlsSettings(@Nullable TlsSettings tlsSettings) {
		this.tlsSettings = tlsSettings;
	}

	@Nullable TlsSettings tlsSettings() {
		return this.tlsSettings;
	}

	/**
	 * Refused: a connection interceptor would stand between a connection and what Spring
	 * Integration sends on it, and {@link ReplySender} sends on the connection itself.
	 */
	@Override
	public void setInterceptorFactoryChain(TcpConnectionInterceptorFactoryChain interceptorFactoryChain) {
		throw new UnsupportedOperationException("netlab's transports take no connection interceptors");
	}

	/** Keep half-closed connections open and say so, for a listener that relays (forward). */
	public void setHalfCloseListener(@Nullable HalfCloseListener halfCloseListener) {
		this.halfCloseListener = halfCloseListener;
	}

	@Nullable HalfCloseListener halfCloseListener() {
		return this.halfCloseListener;
	}

	/** An echo listener's way to answer frames without a message, where the transport offers it. */
	public void setDirectEcho(@Nullable DirectEcho directEcho) {
		this.directEcho = directEcho;
	}

	@Nullable DirectEcho directEcho() {
		return this.directEcho;
	}

	public void setReuseAddress(boolean reuseAddress) {
		this.reuseAddress = reuseAddress;
	}

	/** Where accept failures and dead loops are reported; the listener keeps it across restarts. */
	public void setHealth(TransportHealth health) {
		this.health = health;
	}

	protected TransportHealth health() {
		return this.health;
	}

	@Override
	public TransportHealth.Status status() {
		return isActive() ? this.health.status() : TransportHealth.Status.SERVING;
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
		this.health.reset();
		super.start();
	}

	/** Set up what serves accepted connections; runs once the port is bound. */
	protected abstract void startServing() throws IOException;

	/** Hand an accepted connection (non-blocking mode) to what serves it; runs on the accept thread. */
	protected abstract void serve(SocketChannel channel) throws IOException;

	/** Stop what serves connections; their sockets are closed by then. */
	protected abstract void stopServing();

	/** The accept loop; runs on the factory's executor until the listener stops. */
	@Override
	public void run() {
		ServerSocketChannel server;
		try {
			server = bind();
			startServing();
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(this.serverChannel);
			this.serverChannel = null;
			this.bound.completeExceptionally(ex);
			publishServerExceptionEvent(ex);
			setActive(false);
			return;
		}
		this.acceptThread = Thread.currentThread();
		int port = server.socket().getLocalPort();
		setListening(true);
		this.bound.complete(port);
		try {
			publishServerListeningEvent(port);
		}
		catch (RuntimeException ex) {
			this.logger.warn("Could not publish the listening event of port " + port + ": " + ex);
		}
		try {
			acceptUntilStopped(server);
		}
		finally {
			this.acceptThread = null;
			setListening(false);
		}
	}

	private void acceptUntilStopped(ServerSocketChannel server) {
		long backoff = 0;
		while (isActive() && server.isOpen()) {
			SocketChannel channel;
			try {
				channel = server.accept();
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException | RuntimeException | Error ex) {
				if (!isActive() || !server.isOpen()) {
					return;
				}
				TransportHealth.AcceptError reason = TransportHealth.classify(ex);
				this.health.acceptFailed(reason, ex.getMessage());
				if (backoff == 0) {
					this.logger.warn("Accept failed on port " + server.socket().getLocalPort() + " (" + ex
							+ "); retrying with back-off while it lasts");
				}
				backoff = (backoff == 0) ? MIN_BACKOFF_NANOS : Math.min(2 * backoff, MAX_BACKOFF_NANOS);
				LockSupport.parkNanos(backoff);
				continue;
			}
			if (backoff != 0) {
				this.logger.info("Accepting again on port " + server.socket().getLocalPort());
				backoff = 0;
			}
			this.health.accepted();
			setUp(channel);
		}
	}

	private void setUp(SocketChannel channel) {
		try {
			if (isShuttingDown() || !isActive()) {
				channel.close();
				return;
			}
			channel.configureBlocking(false);
			setSocketAttributes(channel.socket());
			serve(channel);
		}
		catch (IOException | RuntimeException | Error ex) {
			this.logger.warn("Could not set up accepted connection: " + ex);
			closeQuietly(channel);
		}
	}

	/** Spring Integration's steps for a new connection: interceptors, listener and sender. */
	protected TcpConnectionSupport initialize(TcpConnectionSupport connection, java.net.Socket socket) {
		TcpConnectionSupport wrapped = wrapConnection(connection);
		initializeConnection(wrapped, socket);
		return wrapped;
	}

	private ServerSocketChannel bind() throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open();
		this.serverChannel = server;
		server.setOption(StandardSocketOptions.SO_REUSEADDR, this.reuseAddress);
		if (getSoReceiveBufferSize() > 0) {
			server.setOption(StandardSocketOptions.SO_RCVBUF, getSoReceiveBufferSize());
		}
		String local = getLocalAddress();
		InetAddress address = (local != null) ? InetAddress.getByName(local) : null;
		server.bind(new InetSocketAddress(address, super.getPort()), getBacklog());
		postProcessServerSocket(server.socket());
		return server;
	}

	@Override
	public @Nullable ServerSocket serverSocket() {
		ServerSocketChannel server = this.serverChannel;
		return (server != null) ? server.socket() : null;
	}

	@Override
	public void stopAccepting() {
		closeQuietly(this.serverChannel);
		Thread accepting = this.acceptThread;
		if (accepting != null) {
			LockSupport.unpark(accepting);
		}
		setListening(false);
	}

	@Override
	public void stop() {
		boolean wasActive = isActive();
		setActive(false);
		stopAccepting();
		this.serverChannel = null;
		if (wasActive) {
			super.stop();
		}
		stopServing();
	}

	@Override
	public int getPort() {
		ServerSocketChannel server = this.serverChannel;
		return (server != null && server.isOpen()) ? server.socket().getLocalPort() : super.getPort();
	}

	@Override
	public @Nullable SocketAddress getServerSocketAddress() {
		ServerSocketChannel server = this.serverChannel;
		return (server != null) ? server.socket().getLocalSocketAddress() : null;
	}

	void removeConnection(TcpConnectionSupport connection) {
		this.connections.remove(connection.getConnectionId());
	}

	static void closeQuietly(java.nio.channels.@Nullable Channel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// closing is all that is left to do
			}
		}
	}

}
