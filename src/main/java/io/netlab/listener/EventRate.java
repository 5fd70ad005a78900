package io.netlab.listener;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most N permits per second, for sampling message events on the per-message path. One
 * atomic long holds the current one-second window and the permits taken in it; once they are
 * spent, a check is a clock read and a volatile read, with no write, so socket threads of one
 * listener do not contend over it.
 */
final class EventRate {

	private static final int COUNT_BITS = 24;

	private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

	private final LongSupplier nanoClock;

	private final long origin;

	private final int perSecond;

	/** (window << COUNT_BITS) | permits taken in that window. */
	private final AtomicLong state = new AtomicLong();

	EventRate(int perSecond) {
		this(perSecond, System::nanoTime);
	}

	EventRate(int perSecond, LongSupplier nanoClock) {
		this.perSecond = Math.min(perSecond, (int) COUNT_MASK);
		this.nanoClock = nanoClock;
		this.origin = nanoClock.getAsLong();
	}

	boolean tryAcquire() {
		if (this.perSecond == 0) {
			return false;
		}
		long window = (this.nanoClock.getAsLong() - this.origin) / 1_000_000_000L;
		while (true) {
			long current = this.state.get();
			// this window, or a newer one that a thread with a later clock read already began
			boolean started = (current >>> COUNT_BITS) >= window;
			if (started && (current & COUNT_MASK) >= this.perSecond) {
				return false;
			}
			long next = started ? current + 1 : (window << COUNT_BITS) | 1;
			if (this.state.compareAndSet(current, next)) {
				return true;
			}
		}
	}

}
