package io.netlab.events;

import java.time.Instant;

/**
 * A TCP connection of a listener closed, with what went through it.
 *
 * @param connectionId the connection's id
 * @param remote the peer's {@code address:port}
 * @param reason why, from the fixed set the metrics use ({@code client}, {@code server},
 * {@code idle}, {@code reset}, {@code oversize}, {@code error} ...)
 * @param bytesReceived payload bytes received on it
 * @param bytesSent payload bytes sent on it
 * @param messagesReceived messages received on it
 * @param messagesSent messages sent on it
 * @param durationMs how long it was open
 */
public record ConnectionClosed(Instant at, String listener, String connectionId, String remote, String reason,
		long bytesReceived, long bytesSent, long messagesReceived, long messagesSent, long durationMs)
		implements LabEvent {
}
