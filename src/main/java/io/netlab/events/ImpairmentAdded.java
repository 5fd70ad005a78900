package io.netlab.events;

import java.time.Instant;

/**
 * An impairment started acting on a listener: added, changed (removed and added anew), or
 * brought back with its listener.
 */
public record ImpairmentAdded(Instant at, String listener, String impairment, String impairmentType, String stream)
		implements LabEvent {
}
