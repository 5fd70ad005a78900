package io.netlab.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The arithmetic of a stamped socket: duplicates, reordering, lateness, loss bursts and the
 * RFC 3550 jitter.
 */
class SequenceTrackerTests {

	private static final long MS = 1_000_000;

	private static final long TIMEOUT = 100 * MS;

	@Test
	void countsDuplicatesReorderingAndLatenessOnce() {
		SequenceTracker tracker = sent(6);

		assertThat(tracker.arrived(1, 0, MS, TIMEOUT)).isEqualTo(SequenceTracker.Arrival.IN_TIME);
		assertThat(tracker.arrived(0, 0, MS, TIMEOUT)).isEqualTo(SequenceTracker.Arrival.IN_TIME);
		assertThat(tracker.arrived(0, 0, MS, TIMEOUT)).isEqualTo(SequenceTracker.Arrival.DUPLICATE);
		assertThat(tracker.arrived(4, 0, 200 * MS, TIMEOUT)).isEqualTo(SequenceTracker.Arrival.LATE);
		assertThat(tracker.arrived(9, 0, MS, TIMEOUT)).isEqualTo(SequenceTracker.Arrival.UNKNOWN);

		assertThat(tracker.received()).isEqualTo(3);
		assertThat(tracker.duplicated()).isEqualTo(1);
		assertThat(tracker.reordered()).isEqualTo(1);
		assertThat(tracker.late()).isEqualTo(1);
		assertThat(tracker.lost()).isEqualTo(3);
	}

	@Test
	void longestLossBurstIsTheLongestRunOfUnansweredSequenceNumbers() {
		SequenceTracker tracker = sent(10);
		for (int answered : new int[] { 0, 3, 4, 9 }) {
			tracker.arrived(answered, 0, MS, TIMEOUT);
		}

		// 1-2 (2), 5-8 (4)
		assertThat(tracker.maxLossBurst()).isEqualTo(4);
		assertThat(sent(3).maxLossBurst()).isEqualTo(3);
	}

	@Test
	void jitterFollowsRfc3550() {
		SequenceTracker tracker = sent(3);
		// transit times 10, 14, 10 ms: |D| = 4 then 4; J = 4/16, then J + (4 - J)/16
		tracker.arrived(0, 0, 10 * MS, TIMEOUT);
		tracker.arrived(1, 20 * MS, 34 * MS, TIMEOUT);
		tracker.arrived(2, 40 * MS, 50 * MS, TIMEOUT);

		double first = 4.0 / 16;
		assertThat(tracker.jitterNanos() / MS).isCloseTo(first + (4 - first) / 16, within(1e-9));
	}

	private static SequenceTracker sent(int n) {
		SequenceTracker tracker = new SequenceTracker();
		for (int i = 0; i < n; i++) {
			tracker.next();
		}
		return tracker;
	}

}
