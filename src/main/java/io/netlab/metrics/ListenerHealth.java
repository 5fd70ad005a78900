package io.netlab.metrics;

import java.util.stream.Stream;

import io.netlab.listener.ListenerService;
import io.netlab.wire.Protocol;
import io.netlab.listener.ListenerSource;
import io.netlab.listener.ListenerState;
import io.netlab.listener.ListenerView;
import io.netlab.listener.transport.TransportHealth;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of the listeners: one component per listener under {@code listeners} (UP running,
 * DOWN failed with the error, UNKNOWN stopped so that a stopped listener does not make the
 * service DOWN), and {@code configListeners}, the listeners declared in configuration, which
 * the readiness group includes.
 */
@Configuration(proxyBeanMethods = false)
class ListenerHealth {

	@Bean
	CompositeHealthContributor listenersHealthContributor(ListenerService listeners) {
		return new CompositeHealthContributor() {

			@Override
			public @Nullable HealthContributor getContributor(String name) {
				return (listeners.state(name) != null) ? (HealthIndicator) () -> health(listeners, listeners.get(name)) : null;
			}

			@Override
			public Stream<HealthContributors.Entry> stream() {
				return listeners.list()
					.stream()
					.map(view -> new HealthContributors.Entry(view.spec().name(),
							(HealthIndicator) () -> health(listeners, listeners.get(view.spec().name()))));
			}

		};
	}

	@Bean
	HealthIndicator configListenersHealthIndicator(ListenerService listeners) {
		return () -> {
			Health.Builder builder = Health.up();
			for (ListenerView view : listeners.list()) {
				if (view.source() == ListenerSource.CONFIG) {
					Health health = health(listeners, view);
					builder.withDetail(view.spec().name(), health.getStatus().getCode());
					if (health.getStatus().equals(Status.DOWN)) {
						builder.down();
					}
					else if (health.getStatus().equals(Status.OUT_OF_SERVICE) && !builder.build().getStatus().equals(Status.DOWN)) {
						builder.outOfService();
					}
				}
			}
			return builder.build();
		};
	}

	static Health health(ListenerService listeners, ListenerView view) {
		TransportHealth.Status transport = (view.state() == ListenerState.RUNNING)
				? listeners.transportStatus(view.spec().name()) : TransportHealth.Status.SERVING;
		Health.Builder builder = switch (view.state()) {
			case RUNNING -> switch (transport.condition()) {
				case SERVING -> Health.up();
				case OUT_OF_SERVICE -> Health.outOfService();
				case DOWN -> Health.down();
			};
			case FAILED -> Health.down();
			case STARTING, STOPPED -> Health.unknown();
		};
		if (transport.reason() != null) {
			builder.withDetail("reason", transport.reason());
		}
		builder.withDetail("state", view.state().name())
			.withDetail("protocol", view.spec().protocol().wireName())
			.withDetail("port", (view.boundPort() != null) ? view.boundPort() : view.spec().port());
		if (view.state() == ListenerState.RUNNING && view.spec().protocol() == Protocol.TCP) {
			builder.withDetail("connectionsActive", view.stats().connectionsActive());
		}
		if (view.error() != null) {
			builder.withDetail("error", view.error());
		}
		return builder.build();
	}

}
