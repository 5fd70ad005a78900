package io.netlab.monitor;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * One monitor's runtime: its spec, its schedule, its state and its last {@value #HISTORY}
 * results. Results are recorded by the scheduler's threads and read by request threads, so
 * the state is guarded by this object.
 */
final class Monitor {

	static final int HISTORY = 100;

	private final MonitorSpec spec;

	private final Deque<MonitorResult> results = new ArrayDeque<>();

	private MonitorState state = MonitorState.UNKNOWN;

	private Instant since = Instant.now();

	private @Nullable ScheduledFuture<?> schedule;

	Monitor(MonitorSpec spec) {
		this.spec = spec;
	}

	MonitorSpec spec() {
		return this.spec;
	}

	synchronized void scheduled(ScheduledFuture<?> schedule) {
		this.schedule = schedule;
	}

	/** Stop running; a run going on finishes, and its result is still recorded. */
	synchronized void cancel() {
		if (this.schedule != null) {
			this.schedule.cancel(false);
		}
	}

	/** Record a run; the state before it, so that the caller can tell a change. */
	synchronized MonitorState record(MonitorResult result) {
		MonitorState before = this.state;
		this.results.addLast(result);
		while (this.results.size() > HISTORY) {
			this.results.removeFirst();
		}
		MonitorState now = result.success() ? MonitorState.UP : MonitorState.DOWN;
		if (now != before) {
			this.state = now;
			this.since = result.at();
		}
		return before;
	}

	synchronized MonitorView view() {
		return new MonitorView(this.spec, this.state, this.since, this.results.peekLast(), List.copyOf(this.results));
	}

}
