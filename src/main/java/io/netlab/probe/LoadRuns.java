package io.netlab.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Starts load runs within bounds (at most {@code max-concurrent-runs} at once, on a bounded pool
 * of selector threads owned here) and keeps the async ones, running and recently finished, for
 * {@code /api/probes/runs/{id}}. Safe to call from any request thread.
 */
@Component
class LoadRuns implements DisposableBean {

	private static final Log logger = LogFactory.getLog(LoadRuns.class);

	private final ProbeProperties properties;

	private final Semaphore slots;

	private final ThreadPoolTaskExecutor loopThreads;

	private final Map<String, LoadRun> kept = new ConcurrentHashMap<>();

	/** Every run going on, async or not, so that shutdown can stop them. */
	private final Map<String, LoadRun> active = new ConcurrentHashMap<>();

	/** Guarded by itself: ids of finished async runs, oldest first. */
	private final Deque<String> finished = new ArrayDeque<>();

	LoadRuns(ProbeProperties properties) {
		this.properties = properties;
		this.slots = new Semaphore(properties.maxConcurrentRuns());
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		int threads = properties.maxLoopThreads();
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		// room for the loops of a run that starts while the last loop of a finished one is still
		// returning its thread: the slot is released just before that
		executor.setQueueCapacity(threads);
		executor.setAllowCoreThreadTimeOut(true);
		executor.setThreadNamePrefix("probe-load-");
		executor.setDaemon(true);
		executor.initialize();
		this.loopThreads = executor;
	}

	/**
	 * Start a run; it goes on in the background, its result in {@link LoadRun#result()}.
	 * @param keep whether to keep it for {@code GET /api/probes/runs/{id}} (async runs)
	 * @throws ProbeException 429 if as many runs as allowed are already going
	 */
	LoadRun start(ProbePlan plan, boolean keep) {
		if (!this.slots.tryAcquire()) {
			throw ProbeException.tooManyRuns(this.properties.maxConcurrentRuns());
		}
		String id = UUID.randomUUID().toString().substring(0, 8);
		LoadRun run;
		try {
			// the slot is free again before anyone waiting for the result sees it
			run = new LoadRun(id, plan, this.properties.loopsFor(plan.concurrency()), () -> ended(id, keep));
		}
		catch (IOException ex) {
			this.slots.release();
			throw new UncheckedIOException("Cannot open a selector for a load run", ex);
		}
		if (keep) {
			this.kept.put(id, run);
		}
		this.active.put(id, run);
		run.start(this.loopThreads);
		logger.info("Load run " + run.id() + " started: " + plan.protocol().wireName() + " " + plan.concurrency()
				+ " connection(s), " + ((plan.count() != null) ? plan.count() + " messages, " : "") + "at most "
				+ plan.durationMs() + " ms");
		return run;
	}

	LoadRun get(String id) {
		LoadRun run = this.kept.get(id);
		if (run == null) {
			throw ProbeException.runNotFound(id);
		}
		return run;
	}

	List<RunView> list() {
		return this.kept.values()
			.stream()
			.map(LoadRun::view)
			.sorted(Comparator.comparing(RunView::startedAt))
			.toList();
	}

	/** Cancel a run: its loops stop at once, and its result has the figures so far. */
	LoadRun cancel(String id) {
		LoadRun run = get(id);
		run.cancel();
		return run;
	}

	private void ended(String id, boolean keep) {
		this.active.remove(id);
		this.slots.release();
		if (keep) {
			retire(id);
		}
	}

	private void retire(String id) {
		synchronized (this.finished) {
			this.finished.addLast(id);
			while (this.finished.size() > this.properties.keepFinishedRuns()) {
				this.kept.remove(this.finished.removeFirst());
			}
		}
	}

	/** At shutdown: cancel every run, then let the loop threads go. */
	@Override
	public void destroy() {
		this.active.values().forEach(LoadRun::cancel);
		this.loopThreads.shutdown();
	}

}
