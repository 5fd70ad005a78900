package io.netlab.events;

import java.time.Instant;

/**
 * A listener bound its port and serves.
 */
public record ListenerStarted(Instant at, String listener, String protocol, int port) implements LabEvent {
}
