package io.netlab.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One subscriber's queue: bounded, dropping and counting when its client does not keep up, and
 * telling it the count in the place where the events went missing.
 */
class EventSubscriptionTests {

	/** Runs tasks when the test says so, as the delivery executor would. */
	private final Queue<Runnable> tasks = new ArrayDeque<>();

	private final FakeSender sender = new FakeSender();

	private final LongAdder droppedTotal = new LongAdder();

	private final EventSubscription subscription = new EventSubscription(EventFilter.ALL, 3, this.tasks::add,
			EventSubscriptionTests::text, this.sender, this.droppedTotal);

	@Test
	void eventsGoOutOneFrameAtATimeInOrder() {
		offer("a", "b");
		runTasks();
		assertThat(this.sender.sent).containsExactly("a");
		this.sender.complete(true);
		runTasks();
		this.sender.complete(true);
		runTasks();
		assertThat(this.sender.sent).containsExactly("a", "b");
		assertThat(this.tasks).isEmpty();
	}

	@Test
	void stalledClientLosesEventsPastTheQueueAndLearnsHowManyWhereTheyWentMissing() {
		offer("a");
		runTasks();
		// "a" is in flight and the client does not take it; three fit in the queue, two do not
		offer("b", "c", "d", "e", "f");
		assertThat(this.subscription.dropped()).isEqualTo(2);
		assertThat(this.droppedTotal.sum()).isEqualTo(2);
		// the client reads again
		this.sender.complete(true);
		drain();
		offer("g");
		drain();
		assertThat(this.sender.sent).containsExactly("a", "b", "c", "d", "dropped 2", "g");
		assertThat(this.droppedTotal.sum()).as("the metric never goes back").isEqualTo(2);
	}

	@Test
	void pingWaitsForTheFrameInFlightAndGoesOutInTurn() {
		offer("a");
		runTasks();
		this.subscription.ping();
		offer("b");
		runTasks();
		assertThat(this.sender.sent).as("never two frames at once").containsExactly("a");
		drain();
		assertThat(this.sender.sent).containsExactly("a", "(ping)", "b");
	}

	@Test
	void pingNotTakenClosesTheClient() {
		this.subscription.ping();
		runTasks();
		this.sender.complete(false);
		runTasks();
		assertThat(this.sender.closed).isTrue();
	}

	@Test
	void dropsAreReportedEvenWhenNothingFollowsThem() {
		offer("a");
		runTasks();
		offer("b", "c", "d", "e");
		this.sender.complete(true);
		drain();
		assertThat(this.sender.sent).containsExactly("a", "b", "c", "d", "dropped 1");
	}

	@Test
	void failedSendClosesTheSubscriberAndStopsQueueing() {
		offer("a", "b");
		runTasks();
		this.sender.complete(false);
		runTasks();
		assertThat(this.sender.closed).isTrue();
		offer("c");
		assertThat(this.tasks).isEmpty();
		assertThat(this.sender.sent).containsExactly("a");
	}

	@Test
	void filteredOutEventsAreNotQueued() {
		EventSubscription onlyA = new EventSubscription(new EventFilter("a", Set.of()), 3, this.tasks::add,
				EventSubscriptionTests::text, this.sender, this.droppedTotal);
		onlyA.offer(event("b"));
		assertThat(this.tasks).isEmpty();
		onlyA.offer(event("a"));
		runTasks();
		assertThat(this.sender.sent).containsExactly("a");
	}

	private void offer(String... listeners) {
		for (String listener : listeners) {
			this.subscription.offer(event(listener));
		}
	}

	private static LabEvent event(String listener) {
		return new ListenerStarted(Instant.EPOCH, listener, "tcp", 1);
	}

	private static String text(Object frame) {
		return (frame instanceof EventsDropped dropped) ? "dropped " + dropped.count()
				: ((LabEvent) frame).listener();
	}

	private void runTasks() {
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			task.run();
		}
	}

	/** Run tasks and take every frame at once, until nothing is left to send. */
	private void drain() {
		runTasks();
		while (this.sender.pending != null) {
			this.sender.complete(true);
			runTasks();
		}
	}

	private static final class FakeSender implements EventSubscription.Sender {

		final List<String> sent = new ArrayList<>();

		Consumer<Boolean> pending;

		boolean closed;

		@Override
		public void send(String text, Consumer<Boolean> done) {
			assertThat(this.pending).as("one frame in flight at a time").isNull();
			this.sent.add(text);
			this.pending = done;
		}

		void complete(boolean ok) {
			Consumer<Boolean> done = this.pending;
			this.pending = null;
			done.accept(ok);
		}

		@Override
		public void ping(Consumer<Boolean> done) {
			send("(ping)", done);
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
