package io.netlab.events;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The WebSocket endpoints: the live event feed {@code /ws/events} and the echo peer
 * {@code /ws/echo}. Browsers may open them only from the same origin unless
 * {@code netlab.events.allowed-origins} says otherwise, so a foreign web page cannot watch the
 * lab; clients that send no {@code Origin} (curl, websocat, programs) are not affected. Every
 * session of both is under {@link WebSocketSessions}: per-source cap, idle pings, slow clients closed.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

	private final EventHub hub;

	private final EventsProperties properties;

	private final WebSocketSessions sessions;

	private final WebSocketProperties limits;

	WebSocketConfig(EventHub hub, EventsProperties properties, WebSocketSessions sessions, WebSocketProperties limits) {
		this.hub = hub;
		this.properties = properties;
		this.sessions = sessions;
		this.limits = limits;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		String[] origins = this.properties.allowedOrigins().toArray(String[]::new);
		registry
			.addHandler(new GuardedHandler(this.sessions, WebSocketSessions.Endpoint.EVENTS,
					new EventStreamHandler(this.hub, this.properties, this.sessions)), "/ws/events")
			.setAllowedOriginPatterns(origins);
		registry
			.addHandler(new GuardedHandler(this.sessions, WebSocketSessions.Endpoint.ECHO,
					new EchoWebSocketHandler(this.sessions, this.limits)), "/ws/echo")
			.setAllowedOriginPatterns(origins);
	}

}
