package io.netlab.events;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The live feed at {@code /ws/events?listener=&type=}: every event that passes the filter, as a
 * JSON text frame. Each session is a subscriber of the {@link EventHub} with its own bounded
 * queue; frames go out with the container's asynchronous send, so a client that stops reading
 * holds no thread and slows no one: its events are dropped and counted instead.
 */
class EventStreamHandler extends TextWebSocketHandler {

	private static final String SUBSCRIPTION = EventSubscription.class.getName();

	private final EventHub hub;

	private final EventsProperties properties;

	private final WebSocketSessions sessions;

	EventStreamHandler(EventHub hub, EventsProperties properties, WebSocketSessions sessions) {
		this.hub = hub;
		this.properties = properties;
		this.sessions = sessions;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws IOException {
		EventFilter filter;
		String listener;
		String types;
		try {
			MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(session.getUri()).build().getQueryParams();
			listener = decoded(query.getFirst("listener"));
			types = decoded(query.getFirst("type"));
			filter = EventFilter.of(listener, types);
		}
		catch (IllegalArgumentException ex) {
			session.close(CloseStatus.POLICY_VIOLATION.withReason(truncated(ex.getMessage())));
			return;
		}
		EventSubscription subscription = this.hub.subscribe(filter, sender(session));
		if (subscription == null) {
			session.close(CloseStatus.SERVICE_OVERLOAD.withReason("too many event subscribers, try again later"));
			return;
		}
		session.getAttributes().put(SUBSCRIPTION, subscription);
		this.sessions.pingWith(session, subscription::ping);
		subscription.greet(new Subscribed(Instant.now(), listener, types));
	}

	/** The feed is one-way: whatever a client sends is ignored. */
	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		Object subscription = session.getAttributes().remove(SUBSCRIPTION);
		if (subscription instanceof EventSubscription events) {
			this.hub.unsubscribe(events);
		}
	}

	private EventSubscription.Sender sender(WebSocketSession session) {
		Session container = WebSocketSessions.container(session);
		if (container == null) {
			// not a Jakarta WebSocket container: send blocking, still on the delivery executor
			return new BlockingSender(session, this.sessions);
		}
		RemoteEndpoint.Async remote = container.getAsyncRemote();
		remote.setSendTimeout(this.properties.sendTimeout().toMillis());
		return new EventSubscription.Sender() {

			@Override
			public void send(String text, Consumer<Boolean> sent) {
				try {
					remote.sendText(text, result -> sent.accept(result.isOK()));
				}
				catch (RuntimeException ex) {
					// closed meanwhile, or the container refused the write
					sent.accept(false);
				}
			}

			@Override
			public void ping(Consumer<Boolean> sent) {
				// blocking, for the container's blocking-send timeout at most (WebSocketSessions sets it)
				boolean ok;
				try {
					remote.sendPing(ByteBuffer.allocate(0));
					ok = true;
				}
				catch (IOException | RuntimeException ex) {
					ok = false;
				}
				sent.accept(ok);
			}

			@Override
			public void close() {
				EventStreamHandler.this.sessions.closeSlow(session, "event frame not taken in time");
			}

		};
	}

	private static @Nullable String decoded(@Nullable String value) {
		return (value != null) ? URLDecoder.decode(value, StandardCharsets.UTF_8) : null;
	}

	private static String truncated(String reason) {
		// a close reason has at most 123 bytes
		return (reason.length() > 120) ? reason.substring(0, 117) + "..." : reason;
	}

	private record BlockingSender(WebSocketSession session, WebSocketSessions sessions)
			implements EventSubscription.Sender {

		@Override
		public void send(String text, Consumer<Boolean> sent) {
			sent.accept(sendQuietly(new TextMessage(text)));
		}

		@Override
		public void ping(Consumer<Boolean> sent) {
			sent.accept(sendQuietly(new PingMessage()));
		}

		private boolean sendQuietly(WebSocketMessage<?> message) {
			try {
				this.session.sendMessage(message);
				return true;
			}
			catch (IOException | RuntimeException ex) {
				return false;
			}
		}

		@Override
		public void close() {
			this.sessions.closeSlow(this.session, "event frame not taken in time");
		}

	}

}
