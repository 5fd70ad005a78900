package io.netlab.impair;

import java.util.concurrent.TimeUnit;

/**
 * {@code latency} on TCP: delays each chunk by {@code latency} ms plus or minus up to
 * {@code jitter} ms, keeping the stream in order as Toxiproxy does.
 */
final class TcpLatency implements StreamImpairment {

	private final long latencyMs;

	private final long jitterMs;

	private final Effects effects;

	private final Pacer pacer;

	TcpLatency(ImpairmentSpec spec, Effects effects) {
		this.latencyMs = spec.whole("latency");
		this.jitterMs = spec.whole("jitter");
		this.effects = effects;
		this.pacer = new Pacer(effects);
	}

	@Override
	public void apply(Chunk chunk, ChunkSink next) {
		long delayMs = Math.max(0, this.latencyMs + this.effects.spread(this.jitterMs));
		if (delayMs > 0) {
			this.effects.acted();
		}
		this.pacer.send(chunk, TimeUnit.MILLISECONDS.toNanos(delayMs), next);
	}

}
