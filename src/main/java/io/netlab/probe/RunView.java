package io.netlab.probe;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import io.netlab.events.LoadRunProgressed;
import org.jspecify.annotations.Nullable;

/**
 * A load run as {@code GET /api/probes/runs/{id}} shows it: progress while it runs, the result
 * once it is over.
 *
 * @param id the run's id
 * @param state running, finished, cancelled or failed
 * @param startedAt when it started
 * @param done replies so far
 * @param total the count asked for, or null for a run bounded by time only
 * @param errors failures so far
 * @param elapsedMs time since the start
 * @param durationMs the longest it will run
 * @param currentRate while running: replies per second since the previous look
 * @param failure why the run failed, if it did
 * @param result the figures, once finished or cancelled
 * @param datagrams while a stamped UDP run goes on: its datagram figures so far (shown inline)
 */
record RunView(String id, State state, Instant startedAt, long done, @Nullable Long total, long errors,
		double elapsedMs, long durationMs, @Nullable Double currentRate, @Nullable String failure,
		@Nullable LoadResult result, @JsonUnwrapped LoadRunProgressed.@Nullable Datagrams datagrams) {

	/** This view as an event for the live feed. */
	LoadRunProgressed event(@Nullable String listener) {
		return new LoadRunProgressed(Instant.now(), listener, this.id, this.state.wireName(), this.done, this.total,
				this.errors, this.elapsedMs, this.durationMs, (this.currentRate != null) ? this.currentRate
						: (this.result != null) ? this.result.messagesPerSecond() : 0,
				(this.result != null && this.result.datagrams() != null) ? this.result.datagrams().counts()
						: this.datagrams);
	}

	/** Where a run is in its life. */
	enum State {

		RUNNING, FINISHED, CANCELLED, FAILED;

		@JsonValue
		String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
