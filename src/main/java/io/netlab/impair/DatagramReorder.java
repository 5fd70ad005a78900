package io.netlab.impair;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code reorder}: with {@code probability}, holds a datagram back until {@code gap} later
 * datagrams have gone out, then sends it; one held longer than a second (traffic stopped) goes
 * out then. Thread-safe: datagrams may come from the receive thread and the scheduler's.
 */
final class DatagramReorder implements DatagramImpairment {

	private static final long FLUSH_AFTER_MS = 1000;

	private final double probability;

	private final int gap;

	private final Effects effects;

	/** Guarded by this. */
	private final List<Held> held = new ArrayList<>();

	DatagramReorder(ImpairmentSpec spec, Effects effects) {
		this.probability = spec.fraction("probability");
		this.gap = (int) spec.whole("gap");
		this.effects = effects;
	}

	@Override
	public void apply(Datagram datagram, DatagramSink next) {
		List<Datagram> release = new ArrayList<>();
		synchronized (this) {
			if (this.held.size() < Effects.MAX_PENDING && this.effects.chance(this.probability)) {
				Held hold = new Held(datagram, this.gap);
				this.held.add(hold);
				this.effects.acted();
				this.effects.timer(FLUSH_AFTER_MS, () -> flush(hold, next));
				return;
			}
			release.add(datagram);
			for (Iterator<Held> it = this.held.iterator(); it.hasNext();) {
				Held hold = it.next();
				if (--hold.remaining <= 0) {
					it.remove();
					release.add(hold.datagram);
				}
			}
		}
		release.forEach(next::send);
	}

	private void flush(Held hold, DatagramSink next) {
		synchronized (this) {
			if (!this.held.remove(hold)) {
				return;
			}
		}
		next.send(hold.datagram);
	}

	private static final class Held {

		final Datagram datagram;

		int remaining;

		Held(Datagram datagram, int remaining) {
			this.datagram = datagram;
			this.remaining = remaining;
		}

	}

}
