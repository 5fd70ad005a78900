package io.netlab.listener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.netlab.impair.Chunk;
import io.netlab.impair.ImpairmentStream;

import org.springframework.messaging.Message;

/**
 * The upstream side of a forward listener: for each accepted connection one connection to
 * {@code upstream}, opened at accept (the target policy checked on the address connected to),
 * relayed both ways through the listener's impairments. Upstream sockets are blocking, each
 * served by threads of its own (a connect-and-read thread, and a writer that drains a queue),
 * so no socket thread of the listener ever waits on the upstream.
 */
final class ForwardLinks {

	private final ManagedListener listener;

	private final UpstreamConnector connector;

	private final Map<String, ForwardLink> links = new ConcurrentHashMap<>();

	private final ExecutorService threads;

	ForwardLinks(ManagedListener listener, UpstreamPolicy policy) {
		this.listener = listener;
		this.connector = new UpstreamConnector(listener.spec, policy);
		AtomicInteger count = new AtomicInteger();
		this.threads = Executors.newCachedThreadPool(task -> {
			Thread thread = new Thread(task, "forward-" + listener.name() + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Runs on the accepting thread: start connecting upstream; bytes from the client wait meanwhile. */
	void opened(String connectionId, ImpairedConnection client) {
		ForwardLink link = new ForwardLink(connectionId, client, this.listener, this.connector, this.threads);
		this.links.put(connectionId, link);
		LiveImpairments impairments = this.listener.impairments;
		if (impairments != null) {
			impairments.opened(connectionId, client, link::write);
		}
		this.threads.execute(link::connectAndRead);
	}

	/** The client closed: the upstream connection closes too, later if a {@code slow_close} holds it. */
	void closed(String connectionId) {
		ForwardLink link = this.links.remove(connectionId);
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

	/** The client half-closed: once what it sent is written, the upstream is half-closed too. */
	void halfClosed(String connectionId) {
		ForwardLink link = this.links.get(connectionId);
		if (link != null) {
			link.clientHalfClosed();
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
		this.links.values().forEach(ForwardLink::close);
		this.links.clear();
		this.threads.shutdownNow();
	}

}
