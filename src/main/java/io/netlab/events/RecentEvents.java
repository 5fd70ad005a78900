package io.netlab.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recent events, in a fixed-size ring. Written from any thread (socket threads
 * included) without a lock: a slot is claimed by a sequence number; a reader skips slots that
 * were overwritten while it read them, so it never returns an event twice or out of order.
 */
final class RecentEvents {

	private record Slot(long sequence, LabEvent event) {
	}

	private final AtomicReferenceArray<Slot> slots;

	private final AtomicLong next = new AtomicLong();

	RecentEvents(int size) {
		this.slots = new AtomicReferenceArray<>(size);
	}

	void add(LabEvent event) {
		long sequence = this.next.getAndIncrement();
		this.slots.set(index(sequence), new Slot(sequence, event));
	}

	/** At most {@code limit} of the newest events that pass the filter, newest last. */
	List<LabEvent> newest(EventFilter filter, int limit) {
		long end = this.next.get();
		long start = Math.max(0, end - this.slots.length());
		List<LabEvent> newestFirst = new ArrayList<>(Math.min(limit, 64));
		for (long sequence = end - 1; sequence >= start && newestFirst.size() < limit; sequence--) {
			Slot slot = this.slots.get(index(sequence));
			if (slot != null && slot.sequence() == sequence && filter.test(slot.event())) {
				newestFirst.add(slot.event());
			}
		}
		Collections.reverse(newestFirst);
		return newestFirst;
	}

	int capacity() {
		return this.slots.length();
	}

	private int index(long sequence) {
		return (int) (sequence % this.slots.length());
	}

}
