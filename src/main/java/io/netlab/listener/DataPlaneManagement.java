package io.netlab.listener;

import org.springframework.integration.config.ConsumerEndpointFactoryBean;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import org.springframework.integration.support.management.IntegrationManagement;

/**
 * Takes a listener's flow, which runs once per message, out of Spring Integration's own
 * per-message management: no debug-log checks (each one asks every logback turbo filter) and no
 * {@code spring_integration_send} timers (two clock reads and a sample per channel and handler).
 * netlab counts the data plane itself ({@code netlab_messages_*}); the rest of the application
 * keeps Spring Integration's logging and meters.
 */
final class DataPlaneManagement {

	private DataPlaneManagement() {
	}

	static void quiet(IntegrationFlowRegistration registration) {
		for (Object component : registration.getIntegrationFlow().getIntegrationComponents().keySet()) {
			quiet(component);
			if (component instanceof ConsumerEndpointFactoryBean endpoint) {
				quiet(endpoint.getHandler());
			}

		}
	}

	@SuppressWarnings("NullAway") // no captor is how a component is told not to measure
	private static void quiet(Object component) {
		if (component instanceof IntegrationManagement managed) {
			managed.setLoggingEnabled(false);
			managed.registerMetricsCaptor(null);
		}
	}

}
