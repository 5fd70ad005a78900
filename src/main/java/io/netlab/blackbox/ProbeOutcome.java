package io.netlab.blackbox;

import java.util.List;

import io.netlab.probe.LoadResult;
import org.jspecify.annotations.Nullable;

/**
 * What one module probe of one target found: success, how long it took, the samples
 * {@code /probe} exposes (probe_success and probe_duration_seconds among them), a log of the
 * steps for {@code debug=true}, and for a udp_loss probe the run's figures.
 *
 * @param success whether the probe succeeded, as {@code probe_success}
 * @param durationSeconds how long it took, as {@code probe_duration_seconds}
 * @param samples every sample, in no particular order
 * @param log what happened, one logfmt line a step
 * @param failure why it failed, in words; null on success
 * @param run a udp_loss probe's load run, or null
 */
public record ProbeOutcome(boolean success, double durationSeconds, List<Sample> samples, List<String> log,
		@Nullable String failure, @Nullable LoadResult run) {

	/** The loss ratio of a udp_loss probe that ran, or null. */
	public @Nullable Double udpLossRatio() {
		return (this.run != null && this.run.datagrams() != null) ? this.run.datagrams().counts().lossRatio() : null;
	}

}
