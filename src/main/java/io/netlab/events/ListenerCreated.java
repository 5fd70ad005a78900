package io.netlab.events;

import java.time.Instant;

/**
 * A listener was created (over the API, or from configuration at startup).
 */
public record ListenerCreated(Instant at, String listener, String protocol) implements LabEvent {
}
