package io.netlab.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netlab.events.ImpairmentAdded;
import io.netlab.events.ImpairmentRemoved;
import io.netlab.events.ListenerDeleted;
import io.netlab.listener.ListenerService;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code netlab_impairment_actions_total{listener,impairment,type}}: one counter per impairment
 * of a listener, registered when it is added and removed with it; it reads the listener's own
 * count when scraped, so an impairment's action costs an increment and nothing more.
 */
@Component
class ImpairmentMeters {

	private final MeterRegistry registry;

	private final ListenerService listeners;

	/** By listener name, then impairment name. */
	private final Map<String, Map<String, Meter>> meters = new ConcurrentHashMap<>();

	ImpairmentMeters(MeterRegistry registry, ListenerService listeners) {
		this.registry = registry;
		this.listeners = listeners;
	}

	@EventListener
	void added(ImpairmentAdded event) {
		String listener = event.listener();
		Meter meter = FunctionCounter
			.builder("netlab.impairment.actions", this.listeners,
					service -> service.stats(listener).map(stats -> stats.impairmentActions(event.impairment())).orElse(0L))
			.description("Times an impairment acted: datagrams dropped, duplicated, delayed, connections closed or reset ...")
			.tags("listener", listener, "impairment", event.impairment(), "type", event.impairmentType())
			.register(this.registry);
		Meter previous = this.meters.computeIfAbsent(listener, key -> new ConcurrentHashMap<>())
			.put(event.impairment(), meter);
		if (previous != null && previous != meter) {
			this.registry.remove(previous);
		}
	}

	@EventListener
	void removed(ImpairmentRemoved event) {
		Map<String, Meter> ofListener = this.meters.get(event.listener());
		Meter meter = (ofListener != null) ? ofListener.remove(event.impairment()) : null;
		if (meter != null) {
			this.registry.remove(meter);
		}
	}

	@EventListener
	void deleted(ListenerDeleted event) {
		Map<String, Meter> ofListener = this.meters.remove(event.listener());
		if (ofListener != null) {
			ofListener.values().forEach(this.registry::remove);
		}
	}

}
