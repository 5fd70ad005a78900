package io.netlab.probe;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netlab.events.LoadRunProgressed;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Publishes a {@link LoadRunProgressed} for each load run once a second while it runs and once
 * when it ends, from one timer thread of its own (never a selector thread).
 */
@Component
class RunProgress implements DisposableBean {

	static final long PERIOD_MS = 1000;

	private final ApplicationEventPublisher publisher;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "probe-progress");
		thread.setDaemon(true);
		return thread;
	});

	RunProgress(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	/** Report {@code run} until it ends, then once more with how it ended. */
	void follow(LoadRun run) {
		String listener = run.plan().listener();
		ScheduledFuture<?> ticks = this.timer.scheduleAtFixedRate(() -> publish(run, listener), PERIOD_MS, PERIOD_MS,
				TimeUnit.MILLISECONDS);
		run.result().whenComplete((result, ex) -> {
			ticks.cancel(false);
			publish(run, listener);
		});
	}

	private void publish(LoadRun run, String listener) {
		this.publisher.publishEvent(run.view().event(listener));
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

}
