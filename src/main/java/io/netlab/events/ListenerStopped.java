package io.netlab.events;

import java.time.Instant;

/**
 * A listener closed its port.
 */
public record ListenerStopped(Instant at, String listener, String protocol, int port) implements LabEvent {
}
