package io.netlab.listener.transport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweeper dates what the connection's threads marked: activity at the look that first sees
 * it, a write under way from the first look that sees that very write, and nothing else.
 */
class ActivityMarksTests {

	@Test
	void activityIsDatedByTheLookThatSeesItAndOnlyOnce() {
		ActivityMarks marks = new ActivityMarks(100);
		marks.look(200);
		assertThat(marks.lastActivity()).as("nothing marked yet").isEqualTo(100);
		marks.active();
		marks.active();
		marks.look(300);
		assertThat(marks.lastActivity()).isEqualTo(300);
		marks.look(400);
		assertThat(marks.lastActivity()).as("no new mark since the last look").isEqualTo(300);
	}

	@Test
	void aWriteStillUnderWayIsStalledSinceTheFirstLookThatSawIt() {
		ActivityMarks marks = new ActivityMarks(0);
		marks.look(100);
		assertThat(marks.stalledSince()).isZero();
		marks.writeStarted();
		marks.look(200);
		marks.look(300);
		assertThat(marks.stalledSince()).isEqualTo(200);
		marks.writeEnded();
		marks.look(400);
		assertThat(marks.stalledSince()).isZero();
	}

	@Test
	void aNewWriteBetweenTwoLooksIsNotTheOldOneStalled() {
		ActivityMarks marks = new ActivityMarks(0);
		marks.writeStarted();
		marks.look(100);
		marks.writeEnded();
		marks.writeStarted(); // another write, under way again at the next look
		marks.look(200);
		assertThat(marks.stalledSince()).isEqualTo(200);
	}

}
