package io.netlab.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A load run reports how far it got; published periodically while it runs, and once at the end
 * ({@code done == total}).
 *
 * @param listener the listener under load, or null when the target was given as host and port
 * @param runId the run's id
 * @param done requests completed so far
 * @param total requests planned
 * @param ratePerSecond requests per second over the last reporting period
 */
public record LoadRunProgressed(Instant at, @Nullable String listener, String runId, long done, long total,
		double ratePerSecond) implements LabEvent {
}
