package io.netlab.impair;

import java.util.concurrent.TimeUnit;

/**
 * {@code latency} on UDP: delays each datagram by {@code latency} ms, plus or minus up to
 * {@code jitter} ms drawn per datagram. As on a real path, jitter may reorder datagrams.
 */
final class DatagramLatency implements DatagramImpairment {

	private final long latencyMs;

	private final long jitterMs;

	private final Effects effects;

	DatagramLatency(ImpairmentSpec spec, Effects effects) {
		this.latencyMs = spec.whole("latency");
		this.jitterMs = spec.whole("jitter");
		this.effects = effects;
	}

	@Override
	public void apply(Datagram datagram, DatagramSink next) {
		long delayMs = Math.max(0, this.latencyMs + this.effects.spread(this.jitterMs));
		if (delayMs == 0) {
			next.send(datagram);
			return;
		}
		// counted whether it goes out later or is dropped because too much is held already
		this.effects.acted();
		this.effects.later(TimeUnit.MILLISECONDS.toNanos(delayMs), () -> next.send(datagram));
	}

}
