package io.netlab.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;


/**
 * A real WebSocket client of {@code /ws/events} that keeps every event it receives, for tests
 * to wait for.
 */
public final class EventFeed implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

	private final WebSocketSession session;

	private EventFeed(int httpPort, String query) {
		StandardWebSocketClient client = new StandardWebSocketClient();
		TextWebSocketHandler handler = new TextWebSocketHandler() {

			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) {
				EventFeed.this.events.add(JSON.readTree(message.getPayload()));
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
				EventFeed.this.closed.complete(status);
			}

		};
		URI uri = URI.create("ws://127.0.0.1:" + httpPort + "/ws/events" + (query.isEmpty() ? "" : "?" + query));
		try {
			this.session = client.execute(handler, uri.toString()).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot open " + uri, ex);
		}
	}

	/**
	 * Subscribe to {@code /ws/events} with a query such as {@code listener=a&type=ConnectionOpened},
	 * and wait for the {@code Subscribed} frame, after which no matching event can be missed.
	 */
	public static EventFeed open(int httpPort, String query) {
		EventFeed feed = new EventFeed(httpPort, query);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feed.closed.isDone()
				|| feed.events.stream().anyMatch(event -> "Subscribed".equals(event.path("type").asText())));
		feed.events.removeIf(event -> "Subscribed".equals(event.path("type").asText()));
		return feed;
	}

	/** Wait (at most 10 s) for an event of this type that matches, and return it. */
	public JsonNode await(String type, Predicate<JsonNode> matching) {
		Predicate<JsonNode> wanted = event -> type.equals(event.path("type").asText()) && matching.test(event);
		Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> this.events.stream().anyMatch(wanted));
		return this.events.stream().filter(wanted).findFirst().orElseThrow();
	}

	public JsonNode await(String type) {
		return await(type, event -> true);
	}

	/** Everything received so far, in order. */
	public List<JsonNode> received() {
		return new ArrayList<>(this.events);
	}

	/** How the server closed the feed; waits at most 10 s. */
	public CloseStatus closeStatus() {
		try {
			return this.closed.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("the feed was not closed", ex);
		}
	}

	@Override
	public void close() throws Exception {
		if (this.session.isOpen()) {
			this.session.close();
		}
	}

}
