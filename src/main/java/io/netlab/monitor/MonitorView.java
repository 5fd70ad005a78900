package io.netlab.monitor;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;

/**
 * A monitor as {@code /api/monitors} shows it: its spec, its state, since when, and its most
 * recent results (at most 100, oldest first).
 *
 * @param spec what it watches (inline)
 * @param state up, down, or unknown before the first result
 * @param since when it entered that state
 * @param lastResult the most recent run, or null before the first
 * @param results the most recent runs, oldest first
 */
public record MonitorView(@JsonUnwrapped MonitorSpec spec, MonitorState state, Instant since,
		@Nullable MonitorResult lastResult, List<MonitorResult> results) {
}
