package io.netlab.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the WebSocket endpoints ({@code /ws/events}, {@code /ws/echo}) under
 * {@code netlab.websocket.*}; the root {@code application.yml} documents each.
 *
 * @param maxSessionsPerSource sessions one client address may hold, both endpoints together
 * @param maxEchoSessions {@code /ws/echo} sessions at once (the feed has
 * {@code netlab.events.max-subscribers})
 * @param idleTimeout a session that sends nothing (not even a pong to netlab's pings) for this
 * long is closed; pinged after half of it
 * @param sendTimeLimit an echo frame not taken by its client within this long closes the session
 * @param bufferSizeLimit echo bytes queued for a client past this close the session
 */
@ConfigurationProperties("netlab.websocket")
public record WebSocketProperties(@DefaultValue("16") int maxSessionsPerSource,
		@DefaultValue("256") int maxEchoSessions, @DefaultValue("5m") Duration idleTimeout,
		@DefaultValue("10s") Duration sendTimeLimit, @DefaultValue("512KB") DataSize bufferSizeLimit) {

	public WebSocketProperties {
		require(maxSessionsPerSource >= 1, "netlab.websocket.max-sessions-per-source must be at least 1");
		require(maxEchoSessions >= 1, "netlab.websocket.max-echo-sessions must be at least 1");
		require(idleTimeout.toMillis() >= 100, "netlab.websocket.idle-timeout must be at least 100ms");
		require(sendTimeLimit.toMillis() >= 1, "netlab.websocket.send-time-limit must be positive");
		require(bufferSizeLimit.toBytes() >= 1024, "netlab.websocket.buffer-size-limit must be at least 1KB");
	}

	private static void require(boolean valid, String message) {
		if (!valid) {
			throw new IllegalArgumentException(message);
		}
	}

}
