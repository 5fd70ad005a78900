package io.netlab.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.netlab.events.ListenerChanged;
import io.netlab.events.ListenerCreated;
import io.netlab.events.ListenerDeleted;
import io.netlab.listener.CloseReason;
import io.netlab.listener.DropReason;
import io.netlab.listener.ListenerService;
import io.netlab.listener.ListenerStats;
import io.netlab.listener.transport.TransportHealth;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Registers each listener's meters when it is created and removes them when it is deleted.
 * The meters read the listener's own counters when scraped ({@link FunctionCounter}s and
 * gauges), so the per-message path pays nothing for metrics: no allocation, no lock.
 * Tags are only {@code listener}, {@code protocol} and a bounded {@code reason}.
 */
@Component
class ListenerMeters {

	private final MeterRegistry registry;

	private final ListenerService listeners;

	private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

	ListenerMeters(MeterRegistry registry, ListenerService listeners) {
		this.registry = registry;
		this.listeners = listeners;
	}

	@EventListener
	void created(ListenerCreated event) {
		register(event.listener(), event.protocol());
	}

	@EventListener
	void changed(ListenerChanged event) {
		unregister(event.listener());
		register(event.listener(), event.protocol());
	}

	@EventListener
	void deleted(ListenerDeleted event) {
		unregister(event.listener());
	}

	private void register(String name, String protocol) {
		ListenerStats stats = this.listeners.stats(name).orElse(null);
		if (stats == null) {
			return;
		}
		Tags tags = Tags.of("listener", name, "protocol", protocol);
		List<Meter> registered = new ArrayList<>();
		registered.add(Gauge.builder("netlab.listener.up", () -> this.listeners.serving(name) ? 1 : 0)
			.description("1 while the listener is running and can serve (accepting works, every loop alive), 0 otherwise")
			.tags(tags)
			.strongReference(true)
			.register(this.registry));
		registered.add(counter("netlab.received", stats, ListenerStats::bytesReceived, tags, BaseUnits.BYTES,
				"Payload bytes received (framing excluded)"));
		registered.add(counter("netlab.sent", stats, ListenerStats::bytesSent, tags, BaseUnits.BYTES,
				"Payload bytes sent (framing excluded)"));
		registered.add(counter("netlab.messages.received", stats, ListenerStats::messagesReceived, tags, null,
				"Messages received: frames for TCP, datagrams for UDP"));
		registered.add(counter("netlab.messages.sent", stats, ListenerStats::messagesSent, tags, null,
				"Messages sent: frames for TCP, datagrams for UDP"));
		if ("udp".equals(protocol)) {
			for (DropReason reason : DropReason.values()) {
				registered.add(counter("netlab.datagrams.dropped", stats, s -> s.datagramsDropped(reason),
						tags.and("reason", reason.wireName()), null, "Datagrams dropped without being handled, by reason"));
			}
		}
		else {
			registered.add(Gauge.builder("netlab.connections.active", stats, ListenerStats::connectionsActive)
				.description("Open TCP connections")
				.tags(tags)
				.register(this.registry));
			registered.add(counter("netlab.connections.opened", stats, ListenerStats::connectionsOpened, tags, null,
					"TCP connections accepted"));
			for (CloseReason reason : new CloseReason[] { CloseReason.LIMIT, CloseReason.DENIED }) {
				registered.add(counter("netlab.connections.rejected", stats, s -> s.connectionsRejected(reason),
						tags.and("reason", reason.wireName()), null, "TCP connections closed at once on accept, by reason"));
			}
			for (TransportHealth.AcceptError reason : TransportHealth.AcceptError.values()) {
				registered.add(counter("netlab.accept.errors", stats, s -> s.acceptErrors(reason),
						tags.and("reason", reason.wireName()), null, "Failed accepts of TCP connections, by reason"));
			}
			for (CloseReason reason : CloseReason.values()) {
				registered.add(counter("netlab.connections.closed", stats, s -> s.connectionsClosed(reason),
						tags.and("reason", reason.wireName()), null, "TCP connections closed, by reason"));
			}
		}
		List<Meter> previous = this.meters.put(name, registered);
		if (previous != null) {
			previous.forEach(this.registry::remove);
		}
	}

	private FunctionCounter counter(String meterName, ListenerStats stats,
			java.util.function.ToDoubleFunction<ListenerStats> value, Tags tags, @Nullable String baseUnit, String description) {
		return FunctionCounter.builder(meterName, stats, value)
			.description(description)
			.baseUnit(baseUnit)
			.tags(tags)
			.register(this.registry);
	}

	private void unregister(String name) {
		List<Meter> registered = this.meters.remove(name);
		if (registered != null) {
			registered.forEach(this.registry::remove);
		}
	}

}
