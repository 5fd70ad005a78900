package io.netlab.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netlab.events.WebSocketStats;

import org.springframework.stereotype.Component;

/**
 * Meters of the WebSocket endpoints: open sessions, sessions refused over a cap, and sessions
 * closed because their client did not take its frames ({@code reason=slow}) or went silent
 * ({@code reason=idle}). All read the session registry's counters when scraped.
 */
@Component
class WebSocketMeters implements MeterBinder {

	private final WebSocketStats stats;

	WebSocketMeters(WebSocketStats stats) {
		this.stats = stats;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("netlab.websocket.sessions", this.stats, WebSocketStats::sessions)
			.description("Open WebSocket sessions of /ws/events and /ws/echo")
			.register(registry);
		FunctionCounter.builder("netlab.websocket.sessions.refused", this.stats, WebSocketStats::sessionsRefused)
			.description("WebSocket sessions closed at once (1013) over the per-source or total cap")
			.register(registry);
		FunctionCounter.builder("netlab.websocket.sessions.closed", this.stats, WebSocketStats::sessionsClosedSlow)
			.tag("reason", "slow")
			.description("WebSocket sessions closed by netlab")
			.register(registry);
		FunctionCounter.builder("netlab.websocket.sessions.closed", this.stats, WebSocketStats::sessionsClosedIdle)
			.tag("reason", "idle")
			.description("WebSocket sessions closed by netlab")
			.register(registry);
	}

}
