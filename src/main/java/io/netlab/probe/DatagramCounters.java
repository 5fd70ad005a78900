package io.netlab.probe;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.netlab.events.LoadRunProgressed;

/**
 * A stamped UDP run's datagram counts while it runs, added to by its loop threads and read by
 * progress reports on any thread. The result is built from the sockets' trackers instead, once
 * the loops have ended.
 */
final class DatagramCounters {

	private final LongAdder sent = new LongAdder();

	private final LongAdder answered = new LongAdder();

	private final LongAdder duplicated = new LongAdder();

	private final LongAdder reordered = new LongAdder();

	private final LongAdder late = new LongAdder();

	void sent() {
		this.sent.increment();
	}

	void arrived(SequenceTracker.Arrival arrival, boolean outOfOrder) {
		switch (arrival) {
			case IN_TIME -> this.answered.increment();
			case LATE -> {
				this.answered.increment();
				this.late.increment();
			}
			case DUPLICATE -> this.duplicated.increment();
			case UNKNOWN -> {
				// not a datagram of this socket: not counted
			}
		}
		if (outOfOrder) {
			this.reordered.increment();
		}
	}

	/** The counts so far, with the mean jitter of {@code sockets}. */
	LoadRunProgressed.Datagrams soFar(List<StampedUdpChannel> sockets) {
		return UdpFigures.counts(this.sent.sum(), this.answered.sum(), this.duplicated.sum(), this.reordered.sum(),
				this.late.sum(), UdpFigures.meanJitterMs(sockets));
	}

}
