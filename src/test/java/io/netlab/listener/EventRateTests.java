package io.netlab.listener;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-second budget that samples message events.
 */
class EventRateTests {

	private final AtomicLong clock = new AtomicLong(123_456_789L);

	@Test
	void grantsThePermitsOfASecondThenRefusesUntilTheNextSecond() {
		EventRate rate = new EventRate(3, this.clock::get);
		assertThat(granted(rate, 10)).isEqualTo(3);
		this.clock.addAndGet(999_000_000L);
		assertThat(granted(rate, 10)).isZero();
		this.clock.addAndGet(1_000_000L);
		assertThat(granted(rate, 10)).isEqualTo(3);
	}

	@Test
	void zeroPerSecondNeverGrants() {
		assertThat(granted(new EventRate(0, this.clock::get), 10)).isZero();
	}

	@Test
	void aLateClockReadDoesNotReopenAWindowThatAnotherThreadMovedPast() {
		EventRate rate = new EventRate(1, this.clock::get);
		this.clock.addAndGet(2_000_000_000L);
		assertThat(rate.tryAcquire()).isTrue();
		// a thread that read the clock a moment earlier, before the window turned
		this.clock.addAndGet(-1_000_000_000L);
		assertThat(rate.tryAcquire()).isFalse();
	}

	private static int granted(EventRate rate, int tries) {
		int granted = 0;
		for (int i = 0; i < tries; i++) {
			granted += rate.tryAcquire() ? 1 : 0;
		}
		return granted;
	}

}
