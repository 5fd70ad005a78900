package io.netlab.events;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ring of recent events behind {@code GET /api/events}.
 */
class RecentEventsTests {

	@Test
	void keepsTheNewestUpToItsSizeNewestLast() {
		RecentEvents recent = new RecentEvents(3);
		for (int port = 1; port <= 5; port++) {
			recent.add(new ListenerStarted(Instant.EPOCH, "l", "tcp", port));
		}
		assertThat(recent.newest(EventFilter.ALL, 10)).extracting(event -> ((ListenerStarted) event).port())
			.containsExactly(3, 4, 5);
		assertThat(recent.newest(EventFilter.ALL, 2)).extracting(event -> ((ListenerStarted) event).port())
			.containsExactly(4, 5);
	}

	@Test
	void filterAppliesBeforeTheLimit() {
		RecentEvents recent = new RecentEvents(10);
		recent.add(new ListenerStarted(Instant.EPOCH, "a", "tcp", 1));
		recent.add(new ListenerStarted(Instant.EPOCH, "b", "tcp", 2));
		recent.add(new ListenerStopped(Instant.EPOCH, "a", "tcp", 1));
		recent.add(new ListenerStarted(Instant.EPOCH, "b", "tcp", 3));
		assertThat(recent.newest(new EventFilter("a", Set.of()), 10)).extracting(LabEvent::type)
			.containsExactly("ListenerStarted", "ListenerStopped");
		assertThat(recent.newest(new EventFilter(null, Set.of("ListenerStarted")), 1))
			.extracting(event -> ((ListenerStarted) event).port())
			.containsExactly(3);
	}

}
