package io.netlab.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;

/**
 * An async load run reports how far it got: published at least once per second while it runs,
 * and once when it ends (with its final state).
 *
 * @param listener the listener under load, or null when the target was given as host and port
 * @param runId the run's id
 * @param state {@code running}, or how it ended: {@code finished}, {@code cancelled}, {@code failed}
 * @param done replies so far
 * @param total the count asked for, or null for a run bounded by time only
 * @param errors failures so far
 * @param elapsedMs time since the start
 * @param durationMs the longest the run lasts (with {@code elapsedMs}, how far a timed run got)
 * @param ratePerSecond replies per second over the last reporting period
 * @param datagrams a stamped UDP run: its datagram figures so far (shown inline)
 */
public record LoadRunProgressed(Instant at, @Nullable String listener, String runId, String state, long done,
		@Nullable Long total, long errors, double elapsedMs, long durationMs, double ratePerSecond,
		@JsonUnwrapped @Nullable Datagrams datagrams) implements LabEvent {

	/**
	 * What happened to the datagrams of a stamped UDP run so far. While it runs, {@code lost}
	 * includes the datagrams still in flight.
	 *
	 * @param sent datagrams sent
	 * @param received distinct datagrams answered (in time or late)
	 * @param lost sent and not answered
	 * @param duplicated answers to a datagram already answered
	 * @param reordered answers that came after the answer to a later datagram of the same socket
	 * @param late answers that came after the timeout
	 * @param lossRatio {@code lost / sent}, 0 when nothing was sent
	 * @param jitterMs RFC 3550 inter-arrival jitter of the answers, in milliseconds
	 */
	public record Datagrams(long sent, long received, long lost, long duplicated, long reordered, long late,
			double lossRatio, double jitterMs) {
	}

}
