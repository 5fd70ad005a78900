package io.netlab.events;

import java.time.Instant;

/**
 * A listener was deleted; its port is free.
 */
public record ListenerDeleted(Instant at, String listener, String protocol) implements LabEvent {
}
