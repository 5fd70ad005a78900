package io.netlab.events;

import java.time.Instant;

/**
 * A TCP listener closed a connection as soon as it was accepted.
 *
 * @param connectionId the connection's id
 * @param remote the peer's {@code address:port}
 * @param reason why, from the same fixed set as {@link ConnectionClosed#reason()}: {@code limit}
 * (over {@code maxConnections}) or {@code denied} (an access rule)
 */
public record ConnectionRejected(Instant at, String listener, String connectionId, String remote, String reason)
		implements LabEvent {
}
