package io.netlab.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A one-shot probe finished, successfully or not.
 *
 * @param listener the listener probed, or null when the target was given as host and port
 * @param protocol {@code tcp} or {@code udp}
 * @param target {@code host:port} as connected to
 * @param success whether the expected answer came back
 * @param errorKind what went wrong ({@code refused}, {@code timeout}, {@code mismatch} ...), null on success
 * @param totalMs from the start of the connect to the last byte of the answer
 */
public record ProbeCompleted(Instant at, @Nullable String listener, String protocol, String target, boolean success,
		@Nullable String errorKind, double totalMs) implements LabEvent {
}
