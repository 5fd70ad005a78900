package io.netlab.impair;

import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What one impairment acts with: its random source (seeded when the listener has a seed), the
 * scheduler for delays, its action counter, and a bound on what all impairments of the
 * listener hold for later, so a delay cannot pile up memory.
 */
final class Effects {

	private static final Log logger = LogFactory.getLog(Effects.class);

	/** Datagrams or messages held for later per listener; past this, more are dropped (and counted). */
	static final int MAX_PENDING = 10_000;

	final Random random;

	private final ScheduledExecutorService scheduler;

	private final LongAdder actions;

	private final AtomicInteger pending;

	Effects(Random random, ScheduledExecutorService scheduler, LongAdder actions, AtomicInteger pending) {
		this.random = random;
		this.scheduler = scheduler;
		this.actions = actions;
		this.pending = pending;
	}

	/** True with this probability; draws nothing for 0 and 1, so a certain outcome costs no randomness. */
	boolean chance(double probability) {
		if (probability <= 0) {
			return false;
		}
		return probability >= 1 || this.random.nextDouble() < probability;
	}

	/** A whole number between -bound and +bound. */
	long spread(long bound) {
		return (bound <= 0) ? 0 : (long) (this.random.nextDouble() * (2 * bound + 1)) - bound;
	}

	void acted() {
		this.actions.increment();
	}

	/** Run the task after the delay; false (and nothing scheduled) when too much is held already. */
	boolean later(long delayNanos, Runnable task) {
		if (this.pending.incrementAndGet() > MAX_PENDING) {
			this.pending.decrementAndGet();
			return false;
		}
		this.scheduler.schedule(() -> {
			this.pending.decrementAndGet();
			guarded(task);
		}, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
		return true;
	}

	/** A timer that holds no datagram: not bounded by {@link #MAX_PENDING}. */
	java.util.concurrent.ScheduledFuture<?> timer(long delayMs, Runnable task) {
		return this.scheduler.schedule(() -> guarded(task), delayMs, TimeUnit.MILLISECONDS);
	}

	/** A failure of a delayed task would vanish in its future: log it instead. */
	private static void guarded(Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			logger.warn("An impairment's delayed action failed: " + ex, ex);
		}
	}

}
