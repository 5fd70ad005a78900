package io.netlab.events;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the event feed under {@code netlab.events.*}; the root {@code application.yml}
 * documents each.
 *
 * @param bufferSize recent events kept for {@code GET /api/events}
 * @param messageEventsPerSecond message and datagram events per listener and second at most; the
 * metrics still count every message; 0 = none
 * @param subscriberQueue events queued per WebSocket subscriber; past it, events are dropped
 * for that subscriber and it is told how many
 * @param maxSubscribers WebSocket subscribers at once
 * @param sendTimeout a WebSocket frame not taken by its client within this long closes that client
 * @param allowedOrigins origin patterns allowed to open the WebSocket endpoints from a browser;
 * empty = same origin only
 */
@ConfigurationProperties("netlab.events")
public record EventsProperties(@DefaultValue("1000") int bufferSize, @DefaultValue("20") int messageEventsPerSecond,
		@DefaultValue("1000") int subscriberQueue, @DefaultValue("64") int maxSubscribers,
		@DefaultValue("30s") Duration sendTimeout, @Nullable List<String> allowedOrigins) {

	public EventsProperties {
		require(bufferSize >= 1, "netlab.events.buffer-size must be at least 1");
		require(messageEventsPerSecond >= 0 && messageEventsPerSecond <= 1_000_000,
				"netlab.events.message-events-per-second must be between 0 and 1000000");
		require(subscriberQueue >= 1, "netlab.events.subscriber-queue must be at least 1");
		require(maxSubscribers >= 1, "netlab.events.max-subscribers must be at least 1");
		require(!sendTimeout.isNegative() && !sendTimeout.isZero(), "netlab.events.send-timeout must be positive");
		allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : List.of();
	}

	private static void require(boolean valid, String message) {
		if (!valid) {
			throw new IllegalArgumentException(message);
		}
	}

}
