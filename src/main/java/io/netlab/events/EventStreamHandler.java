package io.netlab.events;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The live feed at {@code /ws/events?listener=&type=}: every event that passes the filter, as a
 * JSON text frame. Each session is a subscriber of the {@link EventHub} with its own bounded
 * queue; frames go out with the container's asynchronous send, so a client that stops reading
 * holds no thread and slows no one: its events are dropped and counted instead.
 */
class EventStreamHandler extends TextWebSocketHandler {

	private static final Log logger = LogFactory.getLog(EventStreamHandler.class);

	private static final String SUBSCRIPTION = EventSubscription.class.getName();

	/** Tomcat's bound on a blocking send; the feed sends blocking only the close frame. */
	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final long CLOSE_TIMEOUT_MS = 2000;

	private final EventHub hub;

	private final EventsProperties properties;

	EventStreamHandler(EventHub hub, EventsProperties properties) {
		this.hub = hub;
		this.properties = properties;
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
		Session container = (session instanceof NativeWebSocketSession nativeSession)
				? nativeSession.getNativeSession(Session.class) : null;
		if (container == null) {
			// not a Jakarta WebSocket container: send blocking, still on the delivery executor
			return new BlockingSender(session);
		}
		RemoteEndpoint.Async remote = container.getAsyncRemote();
		remote.setSendTimeout(this.properties.sendTimeout().toMillis());
		// closing a client that stopped reading waits to send the close frame: keep that wait
		// short, as it runs on the delivery executor
		container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, CLOSE_TIMEOUT_MS);
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
			public void close() {
				closeQuietly(session, CloseStatus.SESSION_NOT_RELIABLE.withReason("event frame not taken in time"));
			}

		};
	}

	private static void closeQuietly(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Closing event stream session failed", ex);
		}
	}

	private static @Nullable String decoded(@Nullable String value) {
		return (value != null) ? URLDecoder.decode(value, StandardCharsets.UTF_8) : null;
	}

	private static String truncated(String reason) {
		// a close reason has at most 123 bytes
		return (reason.length() > 120) ? reason.substring(0, 117) + "..." : reason;
	}

	private record BlockingSender(WebSocketSession session) implements EventSubscription.Sender {

		@Override
		public void send(String text, Consumer<Boolean> sent) {
			boolean ok;
			try {
				this.session.sendMessage(new TextMessage(text));
				ok = true;
			}
			catch (IOException | RuntimeException ex) {
				ok = false;
			}
			sent.accept(ok);
		}

		@Override
		public void close() {
			closeQuietly(this.session, CloseStatus.SESSION_NOT_RELIABLE);
		}

	}

}
