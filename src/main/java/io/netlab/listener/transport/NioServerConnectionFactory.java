package io.netlab.listener.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

/**
 * netlab's NIO server transport under Spring Integration's TCP endpoints: one accept thread,
 * and a few selector loops that frame in bulk and run the flow on the loop thread, with none
 * of the two hand-offs and per-byte reads of {@code TcpNioServerConnectionFactory}. Connections
 * are ordinary {@code TcpConnection}s with ids, events, close and half-close, so the code above
 * the transport works with it unchanged.
 */
public class NioServerConnectionFactory extends AbstractServerConnectionFactory implements ServerTransport {

	private static final int READ_BUFFER_BYTES = 64 * 1024;

	private final FrameCodec codec;

	private final int loopCount;

	private final long idleTimeoutMs;

	private volatile CompletableFuture<Integer> bound = new CompletableFuture<>();

	private volatile @Nullable ServerSocketChannel serverChannel;

	private volatile NioEventLoop @Nullable [] loops;

	private volatile boolean reuseAddress = true;

	private int nextLoop;

	private volatile @Nullable TlsSettings tlsSettings;

	public NioServerConnectionFactory(int port, FrameCodec codec, int loopCount, long idleTimeoutMs) {
		super(port);
		this.codec = codec;
		this.loopCount = loopCount;
		this.idleTimeoutMs = idleTimeoutMs;
		setDeserializer(codec);
		setSerializer(codec);
	}

	FrameCodec codec() {
		return this.codec;
	}

	/** Serve TLS on every accepted connection. */
	public void setTlsSettings(@Nullable TlsSettings tlsSettings) {
		this.tlsSettings = tlsSettings;
	}

	@Nullable TlsSettings tlsSettings() {
		return this.tlsSettings;
	}

	public void setReuseAddress(boolean reuseAddress) {
		this.reuseAddress = reuseAddress;
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

	/** The accept loop; runs on the factory's executor until the server channel closes. */
	@Override
	public void run() {
		ServerSocketChannel server;
		try {
			server = bind();
		}
		catch (IOException | RuntimeException ex) {
			this.bound.completeExceptionally(ex);
			publishServerExceptionEvent(ex);
			setActive(false);
			return;
		}
		int port = server.socket().getLocalPort();
		setListening(true);
		this.bound.complete(port);
		publishServerListeningEvent(port);
		try {
			while (isActive()) {
				accept(server.accept());
			}
		}
		catch (AsynchronousCloseException ex) {
			this.logger.debug(() -> "Server channel closed: " + this);
		}
		catch (IOException ex) {
			if (isActive()) {
				this.logger.error(ex, "Accept failed on port " + port);
				publishServerExceptionEvent(ex);
			}
		}
		finally {
			setListening(false);
		}
	}

	private ServerSocketChannel bind() throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open();
		try {
			server.setOption(StandardSocketOptions.SO_REUSEADDR, this.reuseAddress);
			if (getSoReceiveBufferSize() > 0) {
				server.setOption(StandardSocketOptions.SO_RCVBUF, getSoReceiveBufferSize());
			}
			String local = getLocalAddress();
			InetAddress address = (local != null) ? InetAddress.getByName(local) : null;
			server.bind(new InetSocketAddress(address, super.getPort()), getBacklog());
			postProcessServerSocket(server.socket());
			NioEventLoop[] newLoops = new NioEventLoop[this.loopCount];
			for (int i = 0; i < newLoops.length; i++) {
				TlsSettings tls = this.tlsSettings;
				newLoops[i] = new NioEventLoop("nio-" + getComponentName() + "-" + i, READ_BUFFER_BYTES,
						this.idleTimeoutMs, (tls != null) ? tls.handshakeTimeoutMs() : 0);
				newLoops[i].start();
			}
			this.loops = newLoops;
			this.serverChannel = server;
			return server;
		}
		catch (IOException | RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	private void accept(SocketChannel channel) {
		NioEventLoop[] currentLoops = this.loops;
		try {
			channel.configureBlocking(false);
			setSocketAttributes(channel.socket());
			if (isShuttingDown() || currentLoops == null) {
				channel.close();
				return;
			}
			NioEventLoop loop = currentLoops[this.nextLoop++ % currentLoops.length];
			NioConnection connection = new NioConnection(channel, loop, this, getApplicationEventPublisher(),
					getComponentName());
			TcpConnectionSupport wrapped = wrapConnection(connection);
			initializeConnection(wrapped, channel.socket());
			connection.publishOpened();
			if (connection.isOpen()) {
				loop.execute(connection::register);
			}
		}
		catch (IOException | RuntimeException ex) {
			this.logger.warn("Could not set up accepted connection: " + ex.getMessage());
			try {
				channel.close();
			}
			catch (IOException closeFailure) {
				this.logger.debug(closeFailure, "Close failed");
			}
		}
	}

	void removeConnection(TcpConnectionSupport connection) {
		this.connections.remove(connection.getConnectionId());
	}

	@Override
	public @Nullable ServerSocket serverSocket() {
		ServerSocketChannel server = this.serverChannel;
		return (server != null) ? server.socket() : null;
	}

	@Override
	public void stopAccepting() {
		ServerSocketChannel server = this.serverChannel;
		if (server != null) {
			try {
				server.close();
			}
			catch (IOException ex) {
				this.logger.debug(ex, "Closing server channel failed");
			}
		}
		setListening(false);
	}

	@Override
	public void stop() {
		if (!isActive() && this.loops == null) {
			return;
		}
		setActive(false);
		stopAccepting();
		this.serverChannel = null;
		super.stop();
		NioEventLoop[] currentLoops = this.loops;
		this.loops = null;
		if (currentLoops != null) {
			for (NioEventLoop loop : currentLoops) {
				loop.shutdown();
			}
		}
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

}
