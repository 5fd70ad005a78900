package io.netlab.impair;

/**
 * {@code rate}: paces datagrams to {@code packets_per_second}, as a link of that rate would;
 * a datagram that would wait more than a second (the link's queue is full) is dropped.
 */
final class DatagramRate implements DatagramImpairment {

	private static final long MAX_QUEUE_NANOS = 1_000_000_000L;

	private final long spacingNanos;

	private final Effects effects;

	/** When the link is free for the next datagram (System.nanoTime()); guarded by this. */
	private long nextFree = System.nanoTime();

	DatagramRate(ImpairmentSpec spec, Effects effects) {
		this.spacingNanos = 1_000_000_000L / spec.whole("packets_per_second");
		this.effects = effects;
	}

	@Override
	public void apply(Datagram datagram, DatagramSink next) {
		long now = System.nanoTime();
		long sendAt;
		synchronized (this) {
			sendAt = Math.max(now, this.nextFree);
			if (sendAt - now > MAX_QUEUE_NANOS) {
				this.effects.acted();
				return;
			}
			this.nextFree = sendAt + this.spacingNanos;
		}
		if (sendAt == now) {
			next.send(datagram);
			return;
		}
		this.effects.acted();
		this.effects.later(sendAt - now, () -> next.send(datagram));
	}

}
