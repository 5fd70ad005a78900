package io.netlab.probe;

import java.util.BitSet;

/**
 * The bookkeeping of one socket of a stamped UDP run: which sequence numbers were sent and
 * answered, and from that duplicates, reordering, lateness, loss bursts and the RFC 3550
 * inter-arrival jitter. Written only by the socket's loop thread; the jitter is also read by
 * progress reports, hence volatile.
 */
final class SequenceTracker {

	/** How a reply counts. */
	enum Arrival {

		/** The first answer to its datagram, within the timeout. */
		IN_TIME,
		/** The first answer to its datagram, after the timeout. */
		LATE,
		/** Its datagram was answered already. */
		DUPLICATE,
		/** Not a datagram this socket sent. */
		UNKNOWN

	}

	private final BitSet answered = new BitSet();

	private int sent;

	private long received;

	private long duplicated;

	private long reordered;

	private long late;

	private int highest = -1;

	private long lastTransit;

	private volatile double jitterNanos;

	/** The next sequence number to send; counts it as sent. */
	int next() {
		return this.sent++;
	}

	/**
	 * Record the answer to datagram {@code sequence}, sent at {@code sentNanos}, arriving at
	 * {@code now}. Reordered: a first answer that comes after the answer to a later datagram.
	 */
	Arrival arrived(int sequence, long sentNanos, long now, long timeoutNanos) {
		if (sequence < 0 || sequence >= this.sent) {
			return Arrival.UNKNOWN;
		}
		if (this.answered.get(sequence)) {
			this.duplicated++;
			return Arrival.DUPLICATE;
		}
		this.answered.set(sequence);
		this.received++;
		if (sequence < this.highest) {
			this.reordered++;
		}
		this.highest = Math.max(this.highest, sequence);
		// RFC 3550 6.4.1: J += (|D(i-1,i)| - J) / 16, D from the transit times of two successive arrivals
		long transit = now - sentNanos;
		if (this.received > 1) {
			double d = Math.abs(transit - this.lastTransit);
			this.jitterNanos = this.jitterNanos + (d - this.jitterNanos) / 16;
		}
		this.lastTransit = transit;
		if (now - sentNanos > timeoutNanos) {
			this.late++;
			return Arrival.LATE;
		}
		return Arrival.IN_TIME;
	}

	long sent() {
		return this.sent;
	}

	long received() {
		return this.received;
	}

	long lost() {
		return this.sent - this.received;
	}

	long duplicated() {
		return this.duplicated;
	}

	long reordered() {
		return this.reordered;
	}

	long late() {
		return this.late;
	}

	double jitterNanos() {
		return this.jitterNanos;
	}

	/** The longest run of consecutive sequence numbers sent and never answered. */
	int maxLossBurst() {
		int longest = 0;
		int from = this.answered.nextClearBit(0);
		while (from < this.sent) {
			int to = Math.min(this.answered.nextSetBit(from) < 0 ? this.sent : this.answered.nextSetBit(from), this.sent);
			longest = Math.max(longest, to - from);
			from = this.answered.nextClearBit(to);
		}
		return longest;
	}

}
