package io.netlab.impair;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The impairments of one listener as they act: builds the chain a datagram goes through, and
 * the stages of each TCP connection. Upstream impairments (from the client) act first, then
 * downstream ones (towards it), each in the order listed. With a seed, every random choice
 * comes from generators seeded by it (one per impairment), so the same traffic meets the same
 * fate; without one, from unseeded generators.
 */
public final class Impairments {

	private final List<ImpairmentSpec> specs;

	private final @Nullable Long seed;

	private final ImpairmentCounters counters;

	private final ScheduledExecutorService scheduler;

	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicLong connections = new AtomicLong();

	private final Random toxicity;

	/**
	 * @param specs the impairments, defaults applied
	 * @param seed the listener's seed, or null
	 * @param counters where their actions are counted
	 * @param scheduler what releases delayed datagrams and chunks
	 */
	public Impairments(List<ImpairmentSpec> specs, @Nullable Long seed, ImpairmentCounters counters,
			ScheduledExecutorService scheduler) {
		this.specs = inOrder(specs);
		this.seed = seed;
		this.counters = counters;
		this.scheduler = scheduler;
		this.toxicity = random(0);
		counters.retain(specs.stream().map(ImpairmentSpec::name).toList());
	}

	private static List<ImpairmentSpec> inOrder(List<ImpairmentSpec> specs) {
		List<ImpairmentSpec> ordered = new ArrayList<>(specs);
		ordered.sort(Comparator.comparing(spec -> spec.stream() == ImpairmentStream.DOWNSTREAM));
		return List.copyOf(ordered);
	}

	public boolean isEmpty() {
		return this.specs.isEmpty();
	}

	/** The entry of the chain every datagram goes through before {@code out}. */
	public DatagramSink datagramChain(DatagramSink out) {
		return datagramChain(out, null);
	}

	/** The chain of one stream (a forward listener relays each on its own); null = both, as an echo has. */
	public DatagramSink datagramChain(DatagramSink out, @Nullable ImpairmentStream only) {
		DatagramSink sink = out;
		for (int i = this.specs.size() - 1; i >= 0; i--) {
			ImpairmentSpec spec = this.specs.get(i);
			if (only != null && spec.stream() != only) {
				continue;
			}
			Effects effects = effects(spec, 0);
			DatagramImpairment impairment = datagramImpairment(spec, effects);
			double toxicity = spec.toxicity();
			DatagramSink next = sink;
			sink = datagram -> {
				if (effects.chance(toxicity)) {
					impairment.apply(datagram, next);
				}
				else {
					next.send(datagram);
				}
			};
		}
		return sink;
	}

	/**
	 * The impairments of a new TCP connection, each present or not by its toxicity (drawn once
	 * per connection, as Toxiproxy does).
	 *
	 * @param connection what the impairments may do to the connection
	 * @param out where bytes go once through
	 * @param rawStream whether bytes may be cut anywhere (raw framing)
	 */
	public ConnectionImpairments forConnection(ConnectionControl connection, ChunkSink out, boolean rawStream) {
		return forConnection(connection, out, rawStream, null);
	}

	/**
	 * The impairments of one stream of a new TCP connection (a forward listener relays each
	 * stream on its own); {@code only} null = both streams, upstream first, as an echo has.
	 */
	public ConnectionImpairments forConnection(ConnectionControl connection, ChunkSink out, boolean rawStream,
			@Nullable ImpairmentStream only) {
		long index = this.connections.incrementAndGet();
		List<StreamImpairment> stages = new ArrayList<>();
		for (ImpairmentSpec spec : this.specs) {
			if (only != null && spec.stream() != only) {
				continue;
			}
			boolean acts;
			synchronized (this.toxicity) {
				acts = spec.toxicity() >= 1 || this.toxicity.nextDouble() < spec.toxicity();
			}
			if (acts) {
				stages.add(streamImpairment(spec, effects(spec, index), connection, rawStream));
			}
		}
		return new ConnectionImpairments(stages, out);
	}

	private Effects effects(ImpairmentSpec spec, long salt) {
		Random random = random(spec.name().hashCode() * 31L + salt);
		return new Effects(random, this.scheduler, this.counters.counter(spec.name()), this.pending);
	}

	private Random random(long salt) {
		return (this.seed != null) ? new Random(this.seed * 1_000_003L + salt) : new Random();
	}

	private static DatagramImpairment datagramImpairment(ImpairmentSpec spec, Effects effects) {
		return switch (spec.kind()) {
			case LOSS -> new DatagramLoss(spec, effects);
			case DUPLICATE -> new DatagramDuplicate(spec, effects);
			case LATENCY -> new DatagramLatency(spec, effects);
			case REORDER -> new DatagramReorder(spec, effects);
			case CORRUPT -> new DatagramCorrupt(spec, effects);
			case TRUNCATE -> new DatagramTruncate(spec, effects);
			case RATE -> new DatagramRate(spec, effects);
			default -> throw new IllegalArgumentException(spec.type() + " does not apply to udp");
		};
	}

	private static StreamImpairment streamImpairment(ImpairmentSpec spec, Effects effects,
			ConnectionControl connection, boolean rawStream) {
		return switch (spec.kind()) {
			case LATENCY -> new TcpLatency(spec, effects);
			case BANDWIDTH -> new TcpBandwidth(spec, effects, rawStream);
			case SLICER -> new TcpSlicer(spec, effects);
			case LIMIT_DATA -> new TcpLimitData(spec, effects, connection);
			case TIMEOUT -> new TcpTimeout(spec, effects, connection);
			case RESET_PEER -> new TcpResetPeer(spec, effects, connection);
			case SLOW_CLOSE -> new TcpSlowClose(spec);
			default -> throw new IllegalArgumentException(spec.type() + " does not apply to tcp");
		};
	}

}
