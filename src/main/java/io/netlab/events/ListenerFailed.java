package io.netlab.events;

import java.time.Instant;

/**
 * A listener could not start; error says why.
 */
public record ListenerFailed(Instant at, String listener, String protocol, String error) implements LabEvent {
}
