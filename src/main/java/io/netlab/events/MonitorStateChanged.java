package io.netlab.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A monitor's state changed: its first result came ({@code UNKNOWN} to {@code UP} or
 * {@code DOWN}), or it went from up to down or back.
 *
 * @param monitor the monitor's name
 * @param from the state before
 * @param to the state now
 * @param message why, for a monitor that went down: what the probe said
 */
public record MonitorStateChanged(Instant at, String monitor, String from, String to, @Nullable String message)
		implements LabEvent {

	/** Monitors belong to no listener. */
	@Override
	public @Nullable String listener() {
		return null;
	}

}
