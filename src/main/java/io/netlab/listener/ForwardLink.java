package io.netlab.listener;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import io.netlab.impair.Chunk;
import io.netlab.impair.ImpairmentStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

/**
 * One client connection's upstream connection on a forward listener: connects (on a thread of
 * the listener's pool), then reads the upstream on that thread and hands what comes through the
 * downstream impairments to the client; what the client sends is queued and written by a writer
 * task, so no listener socket thread ever waits on the upstream.
 */
final class ForwardLink {

	private static final Log logger = LogFactory.getLog(ForwardLink.class);

	/** Bytes from the client queued for an upstream that does not read; past this the link closes. */
	static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;

	private final ManagedListener listener;

	private final UpstreamConnector connector;

	private final ExecutorService threads;

	private final String id;

	private final ImpairedConnection client;

	private final Message<byte[]> route;

	private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queuedBytes = new AtomicInteger();

	private final AtomicBoolean draining = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	/** The client half-closed: once the queue is written, the upstream gets a FIN too. */
	private volatile boolean clientDone;

	private final AtomicBoolean upstreamShut = new AtomicBoolean();

	private volatile Socket socket;

	ForwardLink(String id, ImpairedConnection client, ManagedListener listener, UpstreamConnector connector,
			ExecutorService threads) {
		this.listener = listener;
		this.connector = connector;
		this.threads = threads;
		this.id = id;
		this.client = client;
		this.route = MessageBuilder.withPayload(new byte[0]).setHeader(IpHeaders.CONNECTION_ID, id).build();
	}

	void connectAndRead() {
		Socket connected;
		try {
			connected = this.connector.connect();
		}
		catch (IOException ex) {
			CloseReason reason = (ex instanceof SSLException) ? CloseReason.TLS
					: (ex instanceof SocketTimeoutException) ? CloseReason.UPSTREAM_TIMEOUT : CloseReason.UPSTREAM_REFUSED;
			logger.debug("Listener " + this.listener.name() + " could not reach its upstream: " + ex);
			this.client.closeAs(reason);
			return;
		}
		catch (SecurityException ex) {
			logger.info("Listener " + this.listener.name() + ": " + ex.getMessage());
			this.client.closeAs(CloseReason.DENIED);
			return;
		}
		this.socket = connected;
		this.client.upstreamConnected(ListenerTraffic.remoteAddress(connected.getLocalAddress().getHostAddress(),
				connected.getLocalPort()) + " -> "
				+ ListenerTraffic.remoteAddress(connected.getInetAddress().getHostAddress(), connected.getPort()));
		if (this.closed.get()) {
			UpstreamConnector.closeQuietly(connected);
			return;
		}
		drainLater();
		read(connected);
	}

	/** Runs on this link's own thread until the upstream closes or fails. */
	private void read(Socket connected) {
		byte[] buffer = new byte[16 * 1024];
		try {
			InputStream in = connected.getInputStream();
			int n;
			while ((n = in.read(buffer)) >= 0) {
				LiveImpairments impairments = this.listener.impairments;
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
		LiveImpairments impairments = this.listener.impairments;
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

	/** Any thread: the client sent its FIN; pass it on after what it sent before. */
	void clientHalfClosed() {
		this.clientDone = true;
		if (this.socket != null) {
			drainLater();
		}
	}

	private void drainLater() {
		if (this.draining.compareAndSet(false, true)) {
			this.threads.execute(this::drain);
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
			if (this.clientDone && this.queue.isEmpty() && this.upstreamShut.compareAndSet(false, true)) {
				halfCloseUpstream(connected);
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

	/** TLS has no half-close (an SSLSocket refuses it): the upstream then just sees the client go, later. */
	private void halfCloseUpstream(Socket connected) throws IOException {
		try {
			connected.shutdownOutput();
		}
		catch (UnsupportedOperationException ex) {
			logger.debug("Upstream of " + this.id + " is TLS: the client's half-close is not passed on");
		}
	}

	void close() {
		if (this.closed.compareAndSet(false, true)) {
			Socket connected = this.socket;
			if (connected != null) {
				UpstreamConnector.closeQuietly(connected);
			}
		}
	}

}
