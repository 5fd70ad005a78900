package io.netlab.monitor;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One run of a monitor.
 *
 * @param at when it ended
 * @param success whether the probe succeeded
 * @param durationMs how long it took
 * @param error null; or {@code failure} (the probe ran and failed) or {@code error} (it could
 *     not run: denied target, unknown module, too many load runs)
 * @param message what happened, for a run that did not succeed
 * @param udpLossRatio a udp_loss module: the loss ratio of the run
 */
public record MonitorResult(Instant at, boolean success, double durationMs,
		@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String error, @Nullable String message,
		@Nullable Double udpLossRatio) {

	static final String FAILURE = "failure";

	static final String ERROR = "error";

	/** The {@code result} tag of {@code netlab_monitor_runs_total}: success, failure or error. */
	String outcome() {
		return (this.error != null) ? this.error : "success";
	}

}
