package io.netlab.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;
import org.springframework.integration.support.IdGenerators;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.util.IdGenerator;

/**
 * The error channel every listener's inbound endpoint reports to, so that no exception dies
 * silently on a socket thread.
 */
@Configuration(proxyBeanMethods = false)
class ListenerIntegrationConfig {

	private static final Log logger = LogFactory.getLog(ListenerIntegrationConfig.class);

	/**
	 * Message ids from a counter instead of random UUIDs: every received frame becomes a message,
	 * and generating a random id was a measurable share of an echo's cost.
	 */
	@Bean
	IdGenerator messageIdGenerator() {
		return new IdGenerators.SimpleIncrementingIdGenerator();
	}

	@Bean
	MessageChannel listenerErrors() {
		return new DirectChannel();
	}

	@Bean
	IntegrationFlow listenerErrorsFlow(MessageChannel listenerErrors) {
		return IntegrationFlow.from(listenerErrors)
			.handle(message -> logger.warn("Listener flow failed: "
					+ ((message instanceof ErrorMessage error) ? error.getPayload().getMessage() : message.getPayload())))
			.get();
	}

}
