package io.netlab.impair;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one thread that releases what impairments delay, for every listener. One thread keeps
 * what was delayed in order (equal release times run first come, first served); what runs on
 * it only hands bytes to a socket that does not block (NIO, UDP).
 */
@Component
public class ImpairmentScheduler implements DisposableBean {

	private final ScheduledThreadPoolExecutor executor;

	ImpairmentScheduler() {
		this.executor = new ScheduledThreadPoolExecutor(1, task -> {
			Thread thread = new Thread(task, "netlab-impairments");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
	}

	public ScheduledExecutorService executor() {
		return this.executor;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
