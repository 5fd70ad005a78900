package io.netlab.series;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.netlab.listener.ListenerService;
import io.netlab.listener.ListenerStats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Samples every listener's counters once per {@code netlab.series.interval} on a timer thread of
 * its own and keeps the last {@code window} of rates per listener; a deleted listener's series
 * goes with it.
 */
@Component
class ListenerSeries implements DisposableBean {

	private static final Log logger = LogFactory.getLog(ListenerSeries.class);

	private final ListenerService listeners;

	private final SeriesProperties properties;

	private final Map<String, TrafficSeries> series = new ConcurrentHashMap<>();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "listener-series");
		thread.setDaemon(true);
		return thread;
	});

	ListenerSeries(ListenerService listeners, SeriesProperties properties) {
		this.listeners = listeners;
		this.properties = properties;
		long period = properties.interval().toMillis();
		this.timer.scheduleAtFixedRate(this::sample, 0, period, TimeUnit.MILLISECONDS);
	}

	/** The series of {@code name}; answers 404 (through the listener feature) for no such listener. */
	SeriesView of(String name) {
		this.listeners.get(name);
		TrafficSeries found = this.series.get(name);
		long intervalMs = this.properties.interval().toMillis();
		return (found != null) ? found.view(name, intervalMs) : SeriesView.empty(name, intervalMs);
	}

	private void sample() {
		try {
			sampleAll();
		}
		catch (RuntimeException ex) {
			// a failed sample must not end the timer: the next one may well succeed
			logger.warn("Cannot sample the listeners' counters", ex);
		}
	}

	private void sampleAll() {
		Set<String> names = this.listeners.list().stream().map(view -> view.spec().name()).collect(Collectors.toSet());
		this.series.keySet().retainAll(names);
		long nanos = System.nanoTime();
		long now = System.currentTimeMillis();
		for (String name : names) {
			this.listeners.stats(name).ifPresent(stats -> this.series
				.computeIfAbsent(name, key -> new TrafficSeries(this.properties.capacity()))
				.sample(counters(stats, nanos, now)));
		}
	}

	private static TrafficSeries.Counters counters(ListenerStats stats, long nanos, long now) {
		return new TrafficSeries.Counters(nanos, now, stats.messagesReceived(), stats.bytesReceived(),
				stats.bytesSent(), stats.connectionsActive());
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

}
