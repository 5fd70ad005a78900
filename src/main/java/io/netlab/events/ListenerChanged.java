package io.netlab.events;

import java.time.Instant;

/**
 * A listener's spec was replaced over the API; its counters carry on.
 */
public record ListenerChanged(Instant at, String listener, String protocol) implements LabEvent {
}
