package io.netlab.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netlab.events.EventFeedStats;

import org.springframework.stereotype.Component;

/**
 * Meters of the live event feed: its subscribers, and the events dropped for those that did not
 * keep up. Both read the hub's counters when scraped.
 */
@Component
class EventFeedMeters implements MeterBinder {

	private final EventFeedStats feed;

	EventFeedMeters(EventFeedStats feed) {
		this.feed = feed;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("netlab.events.subscribers", this.feed, EventFeedStats::subscribers)
			.description("WebSocket clients following /ws/events")
			.register(registry);
		FunctionCounter.builder("netlab.events.dropped", this.feed, EventFeedStats::eventsDropped)
			.description("Events not sent to WebSocket subscribers that did not keep up")
			.register(registry);
	}

}
