package io.netlab.listener;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import io.netlab.impair.Chunk;
import io.netlab.impair.ImpairmentStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

/**
 * The upstream side of a forward listener: for each accepted connection one connection to
 * {@code upstream}, opened at accept (the target policy checked on the address connected to),
 * relayed both ways through the listener's impairments. Upstream sockets are blocking, each
 * served by threads of its own (a connect-and-read thread, and a writer that drains a queue),
 * so no socket thread of the listener ever waits on the upstream.
 */
final class ForwardLinks {

	private static final Log logger = LogFactory.getLog(ForwardLinks.class);

	static final int CONNECT_TIMEOUT_MS = 5000;

	/** Bytes from the client queued for an upstream that does not read; past this the link closes. */
	static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;

	private final ManagedListener listener;

	private final UpstreamAddress upstream;

	private final UpstreamPolicy policy;

	private final Map<String, Link> links = new ConcurrentHashMap<>();

	/** Present when the spec asks for TLS to the upstream. */
	private final @Nullable UpstreamTlsClient tls;

	private final ExecutorService threads;

	ForwardLinks(ManagedListener listener, UpstreamPolicy policy) {
		this.listener = listener;
		this.upstream = UpstreamAddress.parse(listener.spec.upstream());
		this.policy = policy;
		ListenerSpec.UpstreamTls upstreamTls = listener.spec.upstreamTls();
		this.tls = (upstreamTls != null && Boolean.TRUE.equals(upstreamTls.enabled()))
				? new UpstreamTlsClient(!Boolean.FALSE.equals(upstreamTls.verify())) : null;
		AtomicInteger count = new AtomicInteger();
		this.threads = Executors.newCachedThreadPool(task -> {
			Thread thread = new Thread(task, "forward-" + listener.name() + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Runs on the accepting thread: start connecting upstream; bytes from the client wait meanwhile. */
	void opened(String connectionId, ImpairedConnection client) {
		Link link = new Link(connectionId, client);
		this.links.put(connectionId, link);
		LiveImpairments impairments = this.listener.impairments;
		if (impairments != null) {
			impairments.opened(connectionId, client, link::write);
		}
		this.threads.execute(link::connectAndRead);
	}

	/** The client closed: the upstream connection closes too, later if a {@code slow_close} holds it. */
	void closed(String connectionId) {
		Link link = this.links.remove(connectionId);
		if (link == null) {
			return;
		}
		LiveImpairments impairments = this.listener.impairments;
		long delay = (impairments != null) ? impairments.closeDelayMs(connectionId, ImpairmentStream.UPSTREAM) : 0;
		if (delay > 0) {
			impairments.later(delay, link::close);
		}
		else {
			link.close();
		}
	}

	/** Bytes from the client: through the upstream impairments, then to the upstream. */
	void fromClient(String connectionId, byte[] payload, Message<?> message) {
		LiveImpairments impairments = this.listener.impairments;
		if (impairments != null) {
			impairments.upstreamChunk(connectionId, new Chunk(payload, message));
		}
	}

	void shutdown() {
		this.links.values().forEach(Link::close);
		this.links.clear();
		this.threads.shutdownNow();
	}

	/** One client connection's upstream connection. */
	private final class Link {

		private final String id;

		private final ImpairedConnection client;

		private final Message<byte[]> route;

		private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();

		private final AtomicInteger queuedBytes = new AtomicInteger();

		private final AtomicBoolean draining = new AtomicBoolean();

		private final AtomicBoolean closed = new AtomicBoolean();

		private volatile Socket socket;

		Link(String id, ImpairedConnection client) {
			this.id = id;
			this.client = client;
			this.route = MessageBuilder.withPayload(new byte[0]).setHeader(IpHeaders.CONNECTION_ID, id).build();
		}

		void connectAndRead() {
			Socket connected;
			try {
				connected = connect();
			}
			catch (IOException ex) {
				CloseReason reason = (ex instanceof SSLException) ? CloseReason.TLS
						: (ex instanceof SocketTimeoutException) ? CloseReason.UPSTREAM_TIMEOUT : CloseReason.UPSTREAM_REFUSED;
				logger.debug("Listener " + ForwardLinks.this.listener.name() + " could not reach its upstream: " + ex);
				this.client.closeAs(reason);
				return;
			}
			catch (SecurityException ex) {
				logger.info("Listener " + ForwardLinks.this.listener.name() + ": " + ex.getMessage());
				this.client.closeAs(CloseReason.DENIED);
				return;
			}
			this.socket = connected;
			this.client.upstreamConnected(ListenerTraffic.remoteAddress(connected.getLocalAddress().getHostAddress(),
					connected.getLocalPort()) + " -> "
					+ ListenerTraffic.remoteAddress(connected.getInetAddress().getHostAddress(), connected.getPort()));
			if (this.closed.get()) {
				closeQuietly(connected);
				return;
			}
			drainLater();
			read(connected);
		}

		private Socket connect() throws IOException {
			UpstreamAddress target = ForwardLinks.this.upstream;
			List<InetAddress> addresses;
			try {
				addresses = Arrays.asList(InetAddress.getAllByName(target.host()));
			}
			catch (UnknownHostException ex) {
				throw new NoRouteToHostException("cannot resolve " + target.host());
			}
			String refusal = ForwardLinks.this.policy.refusal(target.host(), addresses, target.port());
			if (refusal != null) {
				throw new SecurityException(refusal);
			}
			Socket upstreamSocket = new Socket();
			try {
				upstreamSocket.setTcpNoDelay(true);
				upstreamSocket.connect(new InetSocketAddress(addresses.get(0), target.port()), CONNECT_TIMEOUT_MS);
			}
			catch (IOException ex) {
				closeQuietly(upstreamSocket);
				throw (ex instanceof ConnectException || ex instanceof SocketTimeoutException) ? ex
						: new ConnectException(ex.getMessage());
			}
			if (ForwardLinks.this.tls == null) {
				return upstreamSocket;
			}
			try {
				// the handshake may wait on the upstream: bounded like the connect
				upstreamSocket.setSoTimeout(CONNECT_TIMEOUT_MS);
				Socket secured = ForwardLinks.this.tls.start(upstreamSocket, target.host(), target.port());
				secured.setSoTimeout(0);
				return secured;
			}
			catch (IOException ex) {
				closeQuietly(upstreamSocket);
				throw (ex instanceof SSLException) ? ex : new SSLException("TLS to the upstream failed: " + ex, ex);
			}
		}

		/** Runs on this link's own thread until the upstream closes or fails. */
		private void read(Socket connected) {
			byte[] buffer = new byte[16 * 1024];
			try {
				InputStream in = connected.getInputStream();
				int n;
				while ((n = in.read(buffer)) >= 0) {
					LiveImpairments impairments = ForwardLinks.this.listener.impairments;
					if (impairments != null && n > 0) {
						impairments.chunk(this.id, new Chunk(Arrays.copyOf(buffer, n), this.route));
					}
				}
			}
			catch (IOException ex) {
				logger.debug("Upstream of " + this.id + " failed: " + ex);
			}
			if (!this.closed.get()) {
				closeClientLater();
			}
		}

		/** The upstream closed: the client is closed too, later if a {@code slow_close} holds it. */
		private void closeClientLater() {
			LiveImpairments impairments = ForwardLinks.this.listener.impairments;
			long delay = (impairments != null) ? impairments.closeDelayMs(this.id, ImpairmentStream.DOWNSTREAM) : 0;
			if (delay > 0) {
				impairments.later(delay, () -> this.client.closeAs(CloseReason.SERVER));
			}
			else {
				this.client.closeAs(CloseReason.SERVER);
			}
		}

		/** Any thread: queue bytes for the upstream and make sure a writer drains them. */
		void write(Chunk chunk) {
			if (this.queuedBytes.addAndGet(chunk.payload().length) > MAX_QUEUED_BYTES) {
				logger.debug("Upstream of " + this.id + " does not read; closing");
				this.client.closeAs(CloseReason.SLOW_CONSUMER);
				return;
			}
			this.queue.add(chunk.payload());
			if (this.socket != null) {
				drainLater();
			}
		}

		private void drainLater() {
			if (this.draining.compareAndSet(false, true)) {
				ForwardLinks.this.threads.execute(this::drain);
			}
		}

		private void drain() {
			Socket connected = this.socket;
			try {
				byte[] bytes;
				while ((bytes = this.queue.poll()) != null) {
					connected.getOutputStream().write(bytes);
					this.queuedBytes.addAndGet(-bytes.length);
				}
			}
			catch (IOException ex) {
				logger.debug("Writing upstream of " + this.id + " failed: " + ex);
				this.client.closeAs(CloseReason.SERVER);
			}
			finally {
				this.draining.set(false);
			}
			if (!this.queue.isEmpty()) {
				drainLater();
			}
		}

		void close() {
			if (this.closed.compareAndSet(false, true)) {
				Socket connected = this.socket;
				if (connected != null) {
					closeQuietly(connected);
				}
			}
		}

	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing left to do
		}
	}

}
