package io.netlab.events;

import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One live-feed subscriber's bounded queue and the loop that sends it on. Publishers (socket
 * threads among them) only filter and enqueue, lock-free; a full queue drops the event and
 * counts it, and the subscriber is told the count ({@link EventsDropped}) once it takes frames
 * again. Sending runs on the delivery executor, one frame in flight at a time, and never waits
 * for the client: the sender starts the write and calls back when it is done.
 */
final class EventSubscription {

	private static final Log logger = LogFactory.getLog(EventSubscription.class);

	/** Where the frames go: starts a write and returns at once; calls back with true once sent. */
	interface Sender {

		void send(String text, Consumer<Boolean> sent);

		/** Send a ping; may block briefly, as it runs on the delivery executor. */
		void ping(Consumer<Boolean> sent);

		void close();

	}

	/** A ping's place in the queue, so that it never overlaps a frame being written. */
	private static final Object PING = new Object();

	private final EventFilter filter;

	private final int capacity;

	private final Executor executor;

	private final Function<Object, String> json;

	private final Sender sender;

	/** Every drop of every subscriber, for the metrics. */
	private final LongAdder droppedTotal;

	/** Events, and markers of drops, waiting to be sent; holds at most capacity events. */
	private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicLong dropped = new AtomicLong();

	/** True while a send task is scheduled or a frame is in flight: at most one at a time. */
	private final AtomicBoolean busy = new AtomicBoolean();

	private volatile boolean closed;

	EventSubscription(EventFilter filter, int capacity, Executor executor, Function<Object, String> json,
			Sender sender, LongAdder droppedTotal) {
		this.filter = filter;
		this.capacity = capacity;
		this.executor = executor;
		this.json = json;
		this.sender = sender;
		this.droppedTotal = droppedTotal;
	}

	/**
	 * Runs on the publishing thread, often a socket thread: filters, enqueues or counts a drop,
	 * and at most hands one task to the executor. Never blocks.
	 */
	void offer(LabEvent event) {
		if (this.closed || !this.filter.test(event)) {
			return;
		}
		if (this.queued.incrementAndGet() > this.capacity) {
			this.queued.decrementAndGet();
			this.dropped.incrementAndGet();
			this.droppedTotal.increment();
			return;
		}
		if (this.dropped.get() > 0) {
			// the drops happened before this event: say so in its place in the feed
			long missed = this.dropped.getAndSet(0);
			if (missed > 0) {
				this.queue.offer(new EventsDropped(Instant.now(), missed));
			}
		}
		this.queue.offer(event);
		schedule();
	}

	/** Queue the greeting frame; the first thing the subscriber receives. */
	void greet(Object frame) {
		this.queue.offer(frame);
		schedule();
	}

	/** Queue a ping, sent in turn with the events. */
	void ping() {
		if (!this.closed) {
			this.queue.offer(PING);
			schedule();
		}
	}

	long dropped() {
		return this.dropped.get();
	}

	void close() {
		this.closed = true;
		this.queue.clear();
	}

	private void schedule() {
		if (!this.closed && this.busy.compareAndSet(false, true)) {
			submit();
		}
	}

	private void submit() {
		try {
			this.executor.execute(this::sendNext);
		}
		catch (RejectedExecutionException ex) {
			// only when shutting down: the executor's queue has room for one task per subscriber
			this.busy.set(false);
		}
	}

	/** Closing may wait for the client, so it never runs on the caller of the send callback. */
	private void closeSender() {
		try {
			this.executor.execute(this.sender::close);
		}
		catch (RejectedExecutionException ex) {
			this.sender.close();
		}
	}

	/** Runs on the delivery executor: start sending the next frame, or go idle. */
	private void sendNext() {
		if (this.closed) {
			return;
		}
		Object next = this.queue.poll();
		if (next instanceof LabEvent) {
			this.queued.decrementAndGet();
		}
		else if (next == null) {
			long missed = this.dropped.getAndSet(0);
			next = (missed > 0) ? new EventsDropped(Instant.now(), missed) : null;
		}
		if (next == null) {
			this.busy.set(false);
			// an offer may have come between the poll and the reset, and found busy set
			if (!this.queue.isEmpty() || this.dropped.get() > 0) {
				schedule();
			}
			return;
		}
		if (next == PING) {
			this.sender.ping(this::sent);
			return;
		}
		String text;
		try {
			text = this.json.apply(next);
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot write event " + next + " as JSON; skipped", ex);
			submit();
			return;
		}
		this.sender.send(text, this::sent);
	}

	/**
	 * The callback may come on a container thread, or at once on this one: always go back
	 * through the executor, so a fast client never makes the stack grow.
	 */
	private void sent(boolean sent) {
		if (sent) {
			submit();
		}
		else {
			this.closed = true;
			this.queue.clear();
			closeSender();
		}
	}

}
