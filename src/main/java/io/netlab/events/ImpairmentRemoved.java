package io.netlab.events;

import java.time.Instant;

/**
 * An impairment stopped acting on a listener: removed, changed, or its listener deleted.
 */
public record ImpairmentRemoved(Instant at, String listener, String impairment, String impairmentType) implements LabEvent {
}
