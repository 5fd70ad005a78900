package io.netlab.events;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The WebSocket endpoints: the live event feed {@code /ws/events} and the echo peer
 * {@code /ws/echo}. Browsers may open them only from the same origin unless
 * {@code netlab.events.allowed-origins} says otherwise, so a foreign web page cannot watch the
 * lab; clients that send no {@code Origin} (curl, websocat, programs) are not affected.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

	private final EventHub hub;

	private final EventsProperties properties;

	WebSocketConfig(EventHub hub, EventsProperties properties) {
		this.hub = hub;
		this.properties = properties;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		String[] origins = this.properties.allowedOrigins().toArray(String[]::new);
		registry.addHandler(new EventStreamHandler(this.hub, this.properties), "/ws/events")
			.setAllowedOriginPatterns(origins);
		registry.addHandler(new EchoWebSocketHandler(), "/ws/echo").setAllowedOriginPatterns(origins);
	}

}
