package io.netlab.events;

import java.time.Instant;

/**
 * A TCP listener received a message (a frame; with {@code raw} framing, what one read returned).
 * Sampled: at most {@code netlab.events.message-events-per-second} per listener; the metrics
 * count every message.
 *
 * @param connectionId the connection it came on
 * @param remote the peer's {@code address:port}
 * @param size payload bytes
 * @param preview at most the first {@value Preview#MAX_BYTES} bytes, escaped (see {@link Preview})
 */
public record MessageReceived(Instant at, String listener, String connectionId, String remote, int size,
		String preview) implements LabEvent {

	public static MessageReceived of(String listener, String connectionId, String remote, byte[] payload) {
		return new MessageReceived(Instant.now(), listener, connectionId, remote, payload.length, Preview.of(payload));
	}

}
