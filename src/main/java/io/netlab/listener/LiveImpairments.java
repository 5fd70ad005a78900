package io.netlab.listener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import io.netlab.impair.Chunk;
import io.netlab.impair.ChunkSink;
import io.netlab.impair.ConnectionControl;
import io.netlab.impair.ConnectionImpairments;
import io.netlab.impair.Datagram;
import io.netlab.impair.DatagramSink;
import io.netlab.impair.ImpairmentCounters;
import io.netlab.impair.ImpairmentStream;
import io.netlab.impair.Impairments;
import org.jspecify.annotations.Nullable;

/**
 * The impairments of a running listener as they act now: the chain its datagrams take, the
 * stages of each open TCP connection. A change of the listener's impairments rebuilds them in
 * place, open connections included, without a restart. Runs on socket threads and the
 * impairment scheduler's thread; never blocks.
 */
final class LiveImpairments {

	private final ScheduledExecutorService scheduler;

	private final ImpairmentCounters counters;

	private final boolean rawStream;

	private final boolean udp;

	private final Map<String, Open> connections = new ConcurrentHashMap<>();

	private volatile Impairments current;

	private volatile DatagramSink datagramOut = datagram -> {
	};

	private volatile ChunkSink chunkOut = chunk -> {
	};

	private volatile DatagramSink datagramEntry = this.datagramOut;

	/** UDP forward: where datagrams from clients go (their session); null on an echo listener. */
	private volatile @Nullable DatagramSink upstreamDatagramOut;

	private volatile DatagramSink upstreamDatagramEntry = datagram -> {
	};

	LiveImpairments(ListenerSpec spec, ScheduledExecutorService scheduler, ImpairmentCounters counters) {
		this.scheduler = scheduler;
		this.counters = counters;
		this.rawStream = spec.framing() == null || spec.framing() == io.netlab.wire.Framing.RAW;
		this.udp = spec.protocol() == io.netlab.wire.Protocol.UDP;
		this.current = build(spec);
	}

	private Impairments build(ListenerSpec spec) {
		return new Impairments(spec.impairments(), spec.seed(), this.counters, this.scheduler);
	}

	/** Where impaired datagrams and chunks go: the flow's next endpoint. */
	synchronized void outputs(DatagramSink datagrams, ChunkSink chunks) {
		this.datagramOut = datagrams;
		this.chunkOut = chunks;
		buildDatagramChains(this.current);
	}

	/** UDP forward: datagrams from clients go through the upstream impairments to {@code upstream}. */
	synchronized void forwardDatagrams(DatagramSink upstream) {
		this.upstreamDatagramOut = upstream;
		buildDatagramChains(this.current);
	}

	private void buildDatagramChains(Impairments impairments) {
		DatagramSink upstream = this.upstreamDatagramOut;
		if (!this.udp) {
			this.datagramEntry = this.datagramOut;
		}
		else if (upstream == null) {
			this.datagramEntry = impairments.datagramChain(this.datagramOut);
		}
		else {
			this.datagramEntry = impairments.datagramChain(this.datagramOut, ImpairmentStream.DOWNSTREAM);
			this.upstreamDatagramEntry = impairments.datagramChain(upstream, ImpairmentStream.UPSTREAM);
		}
	}

	/** Apply the listener's new impairments: to the next datagram and to every open connection. */
	synchronized void change(ListenerSpec spec) {
		Impairments next = build(spec);
		this.current = next;
		buildDatagramChains(next);
		this.connections.values().forEach(open -> open.rebuild(next));
	}

	/** UDP forward: a datagram from a client on its way to its session's upstream socket. */
	void upstreamDatagram(Datagram datagram) {
		this.upstreamDatagramEntry.send(datagram);
	}

	boolean isEmpty() {
		return this.current.isEmpty();
	}

	void datagram(Datagram datagram) {
		this.datagramEntry.send(datagram);
	}

	/** A TCP connection opened: its impairments start acting (timers start now). */
	synchronized void opened(String connectionId, ConnectionControl control) {
		opened(connectionId, control, null);
	}

	/**
	 * A TCP connection of a forward listener opened: its upstream impairments act on the way to
	 * {@code upstream}, its downstream ones on the way back ({@link #chunk}).
	 */
	synchronized void opened(String connectionId, ConnectionControl control, @Nullable ChunkSink upstream) {
		Open open = new Open(control, upstream);
		this.connections.put(connectionId, open);
		open.rebuild(this.current);
	}

	void closed(String connectionId) {
		Open open = this.connections.remove(connectionId);
		if (open != null) {
			open.stop();
		}
	}

	/** Bytes of a connection on their way back; straight through for a connection not known here. */
	void chunk(@Nullable String connectionId, Chunk chunk) {
		Open open = (connectionId != null) ? this.connections.get(connectionId) : null;
		ConnectionImpairments acting = (open != null) ? open.impairments : ConnectionImpairments.NONE;
		if (acting.isEmpty()) {
			this.chunkOut.send(chunk);
			return;
		}
		acting.send(chunk);
	}

	/** How long a close on this stream of a connection is held back ({@code slow_close}). */
	long closeDelayMs(String connectionId, ImpairmentStream stream) {
		Open open = this.connections.get(connectionId);
		if (open == null) {
			return 0;
		}
		return (stream == ImpairmentStream.UPSTREAM) ? open.upstreamImpairments.closeDelayMs()
				: open.impairments.closeDelayMs();
	}

	/** Run a task later on the impairment scheduler (a close held back). */
	void later(long delayMs, Runnable task) {
		this.scheduler.schedule(task, delayMs, java.util.concurrent.TimeUnit.MILLISECONDS);
	}

	/** Bytes from the client of a forward listener on their way upstream. */
	void upstreamChunk(String connectionId, Chunk chunk) {
		Open open = this.connections.get(connectionId);
		if (open != null && open.upstream != null) {
			ConnectionImpairments acting = open.upstreamImpairments;
			if (acting.isEmpty()) {
				open.upstream.send(chunk);
			}
			else {
				acting.send(chunk);
			}
		}
	}

	/** One open connection and the impairments acting on it. */
	private final class Open {

		private final ConnectionControl control;

		/** Forward: where bytes from the client go; null on an echo listener. */
		private final @Nullable ChunkSink upstream;

		/** Echo: every impairment; forward: the downstream ones. */
		private volatile ConnectionImpairments impairments = ConnectionImpairments.NONE;

		private volatile ConnectionImpairments upstreamImpairments = ConnectionImpairments.NONE;

		Open(ConnectionControl control, @Nullable ChunkSink upstream) {
			this.control = control;
			this.upstream = upstream;
		}

		void rebuild(Impairments next) {
			stop();
			if (next.isEmpty()) {
				// none to act: chunks pass straight through (see chunk and upstreamChunk), as an
				// empty chain would pass them, and an idle connection holds no chain of its own
				this.impairments = ConnectionImpairments.NONE;
				this.upstreamImpairments = ConnectionImpairments.NONE;
				return;
			}
			ChunkSink toClient = chunk -> LiveImpairments.this.chunkOut.send(chunk);
			boolean raw = LiveImpairments.this.rawStream;
			if (this.upstream == null) {
				this.impairments = next.forConnection(this.control, toClient, raw);
			}
			else {
				this.impairments = next.forConnection(this.control, toClient, raw, ImpairmentStream.DOWNSTREAM);
				this.upstreamImpairments = next.forConnection(this.control, this.upstream, raw, ImpairmentStream.UPSTREAM);
				this.upstreamImpairments.start();
			}
			this.impairments.start();
		}

		void stop() {
			this.impairments.stop();
			this.upstreamImpairments.stop();
		}

	}

}
