package io.netlab.listener;

import java.util.Map;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.integration.support.management.IntegrationManagement;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener's flow runs once per message, so Spring Integration neither checks its debug
 * logging nor times its channels and handlers; the echo still works, and netlab counts it.
 */
class DataPlaneManagementIntegrationTests extends IntegrationTest {

	@Autowired
	private ApplicationContext context;

	@Test
	void tcpAndUdpListenerFlowsAreNeitherLoggedNorTimedPerMessage() throws Exception {
		int port = this.api.createListener("{\"name\": \"q-tcp\", \"framing\": \"line\"}");
		this.api.createListener("{\"name\": \"q-udp\", \"protocol\": \"udp\"}");
		try (var socket = Sockets.connect(port)) {
			Sockets.write(socket, "hello\n");
			assertThat(Sockets.readExactlyText(socket, 6)).isEqualTo("hello\n");
		}
		for (String flow : new String[] { "listener.q-tcp.", "listener.q-udp." }) {
			Map<String, IntegrationManagement> components = flowComponents(flow);
			assertThat(components).as(flow).hasSizeGreaterThanOrEqualTo(4); // two channels, two handlers at least
			components.forEach((name, component) -> {
				assertThat(component.isLoggingEnabled()).as(name).isFalse();
				assertThat(ReflectionTestUtils.getField(component, "metricsCaptor")).as(name).isNull();
			});
		}
	}

	/** The flow's channels and handlers (its inbound adapter has no per-message logging or timer). */
	private Map<String, IntegrationManagement> flowComponents(String prefix) {
		Map<String, IntegrationManagement> all = this.context.getBeansOfType(IntegrationManagement.class);
		all.entrySet().removeIf(entry -> !entry.getKey().startsWith(prefix)
				|| !(entry.getValue() instanceof MessageChannel || entry.getValue() instanceof MessageHandler));
		return all;
	}

}
