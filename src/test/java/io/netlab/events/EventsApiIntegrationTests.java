package io.netlab.events;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netlab.support.Api;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/events}: the recent events, filtered, newest last.
 */
class EventsApiIntegrationTests extends IntegrationTest {

	@Test
	void recentEventsOfAListenerAreListedNewestLast() {
		int port = this.api.createListener("""
				{"name": "history", "framing": "line"}""");
		try (Socket socket = Sockets.connect(port)) {
			Sockets.write(socket, "one\n");
			Sockets.readExactly(socket, 4);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		this.api.post("/api/listeners/history/stop");
		JsonNode events = this.api.get("/api/events?listener=history").json();
		assertThat(events).extracting(event -> event.get("type").asText())
			.containsExactly("ListenerCreated", "ListenerStarted", "ConnectionOpened", "MessageReceived",
					"ConnectionClosed", "ListenerStopped");
		assertThat(events).allSatisfy(event -> assertThat(event.get("listener").asText()).isEqualTo("history"));
	}

	@Test
	void typeFilterAndLimitKeepTheNewestOfTheWantedTypes() throws Exception {
		int port = this.api.createListener("""
				{"name": "many", "framing": "line"}""");
		List<Socket> sockets = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			sockets.add(Sockets.connect(port));
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.get("/api/events?type=ConnectionOpened&listener=many").json().size() == 5);
		JsonNode opened = this.api.get("/api/events?type=ConnectionOpened,ListenerStarted&listener=many&limit=3").json();
		assertThat(opened).hasSize(3).allSatisfy(event -> assertThat(event.get("type").asText()).isEqualTo("ConnectionOpened"));
		JsonNode all = this.api.get("/api/events?type=ConnectionOpened&listener=many").json();
		assertThat(all).hasSize(5);
		// the newest three, in the same order
		assertThat(opened.get(0).get("connectionId")).isEqualTo(all.get(2).get("connectionId"));
		assertThat(opened.get(2).get("connectionId")).isEqualTo(all.get(4).get("connectionId"));
		for (Socket socket : sockets) {
			socket.close();
		}
	}

	@Test
	void unknownTypeOrBadLimitIsABadRequestThatSaysWhy() {
		Api.Response unknown = this.api.get("/api/events?type=ConnectionOpend");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(unknown.json().get("detail").asText()).contains("Unknown event type 'ConnectionOpend'", "ConnectionOpened");
		Api.Response zero = this.api.get("/api/events?limit=0");
		assertThat(zero.status()).isEqualTo(400);
		assertThat(zero.json().get("detail").asText()).contains("limit");
	}

}
