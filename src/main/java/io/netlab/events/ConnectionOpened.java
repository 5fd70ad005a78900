package io.netlab.events;

import java.time.Instant;

/**
 * A TCP listener accepted a connection.
 *
 * @param connectionId the connection's id, as the connections API shows it
 * @param remote the peer's {@code address:port} ({@code [v6]:port} for IPv6)
 */
public record ConnectionOpened(Instant at, String listener, String connectionId, String remote) implements LabEvent {
}
