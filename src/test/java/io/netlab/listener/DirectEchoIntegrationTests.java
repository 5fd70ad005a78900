package io.netlab.listener;

import java.net.Socket;
import java.time.Duration;
import java.util.List;

import io.netlab.support.EventFeed;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blocking raw echo listener writes a frame straight back, with no message and no flow, while
 * no impairment acts ({@code DirectEcho}). What a user sees must be what the flow gives: the same
 * conversation with a blocking listener and with a nio one (whose echoes always go through the
 * flow) leaves the same counters, the same connection totals and the same sampled message
 * events; an impairment added while connected takes the frames into the flow at once, and once
 * it is removed they go direct again.
 */
class DirectEchoIntegrationTests extends IntegrationTest {

	/** Each one write, echoed before the next: one read and one frame each, in either io mode. */
	private static final List<Integer> SIZES = List.of(1, 17, 100, 1024, 3000, 1024, 5);

	@Test
	void directEchoesAreCountedAndReportedAsTheFlowCountsAndReportsThem() throws Exception {
		Conversation flow = converse("nio");
		Conversation direct = converse("blocking");
		assertThat(direct.stats).as("listener stats of the direct echo, against the flow's").isEqualTo(flow.stats);
		assertThat(direct.stats.path("messagesReceived").asLong()).isEqualTo(SIZES.size());
		assertThat(direct.stats.path("bytesSent").asLong()).isEqualTo(SIZES.stream().mapToLong(Integer::longValue).sum());
		assertThat(direct.closed).as("connection totals").isEqualTo(flow.closed);
		assertThat(direct.messages).as("sampled message events (size, preview)").isEqualTo(flow.messages)
			.hasSize(SIZES.size());
	}

	@Test
	void anImpairmentAddedWhileConnectedActsOnTheNextFrameAndRemovedLetsThemGoDirectAgain() throws Exception {
		int port = this.api.createListener("""
				{"name": "direct-live", "io": "blocking", "framing": "raw"}""");
		try (Socket socket = Sockets.connect(port)) {
			echo(socket, 3, 0);
			assertThat(this.api.post("/api/listeners/direct-live/impairments",
					"{\"name\": \"slow\", \"type\": \"latency\", \"attributes\": {\"latency\": 1000}}").status())
				.isEqualTo(201);
			echo(socket, 2, 10);
			assertThat(this.api.get("/api/listeners/direct-live").json().path("impairmentActions").path("slow").asLong())
				.as("echoes held back while the impairment acted").isEqualTo(2);
			assertThat(this.api.delete("/api/listeners/direct-live/impairments/slow").status()).isEqualTo(204);
			long start = System.nanoTime();
			echo(socket, 5, 20);
			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.as("five echoes once it was removed, each of which it would have held back 1 s")
				.isLessThan(Duration.ofMillis(1000));
		}
		JsonNode stats = this.api.get("/api/listeners/direct-live").json().path("stats");
		assertThat(stats.path("messagesReceived").asLong()).isEqualTo(10);
		assertThat(stats.path("messagesSent").asLong()).isEqualTo(10);
	}

	private static void echo(Socket socket, int frames, int seed) {
		for (int i = 0; i < frames; i++) {
			byte[] frame = Sockets.bytes(200 + i, seed + i);
			Sockets.write(socket, frame);
			assertThat(Sockets.readExactly(socket, frame.length)).as("echo %d", seed + i).isEqualTo(frame);
		}
	}

	private Conversation converse(String io) throws Exception {
		String name = "direct-" + io;
		try (EventFeed feed = EventFeed.open(this.httpPort, "listener=" + name)) {
			int port = this.api.createListener("""
					{"name": "%s", "io": "%s", "framing": "raw"}""".formatted(name, io));
			try (Socket socket = Sockets.connect(port)) {
				for (int i = 0; i < SIZES.size(); i++) {
					byte[] frame = Sockets.bytes(SIZES.get(i), i);
					Sockets.write(socket, frame);
					assertThat(Sockets.readExactly(socket, frame.length)).as("%s echo %d", io, i).isEqualTo(frame);
				}
			}
			JsonNode closed = feed.await("ConnectionClosed");
			List<String> messages = feed.received()
				.stream()
				.filter(event -> "MessageReceived".equals(event.path("type").asText()))
				.map(event -> event.path("size").asText() + ":" + event.path("preview").asText())
				.toList();
			String totals = List.of("reason", "bytesReceived", "bytesSent", "messagesReceived", "messagesSent")
				.stream()
				.map(field -> field + "=" + closed.path(field).asText())
				.toList()
				.toString();
			return new Conversation(this.api.get("/api/listeners/" + name).json().path("stats"), totals, messages);
		}
	}

	private record Conversation(JsonNode stats, String closed, List<String> messages) {
	}

}
