package io.netlab.listener;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;


import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TCP listeners driven from outside: created over HTTP, exercised over real sockets.
 */
class TcpListenerIntegrationTests extends IntegrationTest {

	static Stream<Arguments> framingsInBothIoModes() {
		List<Arguments> all = new ArrayList<>();
		for (String io : new String[] { "nio", "blocking" }) {
			for (String framing : new String[] { "line", "crlf", "stx-etx", "length-prefix" }) {
				all.add(Arguments.of(io, framing));
			}
		}
		return all.stream();
	}

	@ParameterizedTest(name = "{1} framing, io {0}")
	@MethodSource("framingsInBothIoModes")
	void echoKeepsTheFramingForSplitAndCoalescedFrames(String io, String framing) throws Exception {
		int port = this.api.createListener(spec("f-" + io + "-" + framing, io, framing));
		try (Socket socket = Sockets.connect(port)) {
			byte[] first = frame(framing, "first message");
			// one frame split across three writes
			Sockets.write(socket, slice(first, 0, 3));
			Sockets.write(socket, slice(first, 3, 7));
			Sockets.write(socket, slice(first, 7, first.length));
			assertThat(Sockets.readExactly(socket, first.length)).isEqualTo(first);
			// three frames in one write
			byte[] a = frame(framing, "a");
			byte[] b = frame(framing, "bb");
			byte[] c = frame(framing, "ccc");
			Sockets.write(socket, Sockets.concat(a, b, c));
			assertThat(Sockets.readExactly(socket, a.length + b.length + c.length)).isEqualTo(Sockets.concat(a, b, c));
		}
		JsonNode stats = this.api.get("/api/listeners/f-" + io + "-" + framing).json().get("stats");
		assertThat(stats.get("messagesReceived").asLong()).isEqualTo(4);
		assertThat(stats.get("messagesSent").asLong()).isEqualTo(4);
		assertThat(stats.get("bytesReceived").asLong()).isEqualTo("first message".length() + 6);
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void rawEchoReturnsBytesAsTheyArrive(String io) {
		int port = this.api.createListener(spec("raw-" + io, io, "raw"));
		try (Socket socket = Sockets.connect(port)) {
			byte[] big = Sockets.bytes(200_000, 3);
			Thread writer = started(() -> Sockets.write(socket, big));
			assertThat(Sockets.readExactly(socket, big.length)).isEqualTo(big);
			writer.join(5000);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void halfCloseStillGetsTheEchoThenEndOfStream(String io) throws Exception {
		int port = this.api.createListener(spec("half-" + io, io, "line"));
		try (Socket socket = Sockets.connect(port)) {
			Sockets.write(socket, "request\n");
			socket.shutdownOutput();
			assertThat(new String(Sockets.readToEof(socket), StandardCharsets.UTF_8)).isEqualTo("request\n");
		}
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void discardReadsAndCountsButNeverReplies(String io) throws Exception {
		int port = this.api.createListener("""
				{"name": "discard-%s", "io": "%s", "behavior": "discard", "framing": "line"}""".formatted(io, io));
		try (Socket socket = Sockets.connect(port)) {
			Sockets.write(socket, "one\ntwo\n");
			socket.shutdownOutput();
			assertThat(Sockets.readToEof(socket)).isEmpty();
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode stats = this.api.get("/api/listeners/discard-" + io).json().get("stats");
			assertThat(stats.get("messagesReceived").asLong()).isEqualTo(2);
			assertThat(stats.get("bytesReceived").asLong()).isEqualTo(6);
			assertThat(stats.get("messagesSent").asLong()).isZero();
		});
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void oversizedFrameClosesOnlyThatConnection(String io) throws Exception {
		int port = this.api.createListener("""
				{"name": "big-%s", "io": "%s", "framing": "line", "limits": {"maxMessageBytes": 16}}"""
			.formatted(io, io));
		try (Socket good = Sockets.connect(port); Socket bad = Sockets.connect(port)) {
			Sockets.write(bad, "x".repeat(100) + "\n");
			assertThat(Sockets.closedByPeer(bad)).isTrue();
			Sockets.write(good, "still fine\n");
			assertThat(Sockets.readExactlyText(good, 11)).isEqualTo("still fine\n");
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(closed("big-" + io).get("frame-too-large").asLong()).isEqualTo(1));
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void lengthHeaderAnnouncingTwoGigabytesClosesTheConnection(String io) throws Exception {
		int port = this.api.createListener("""
				{"name": "garbage-%s", "io": "%s", "framing": "length-prefix"}""".formatted(io, io));
		try (Socket socket = Sockets.connect(port)) {
			Sockets.write(socket, new byte[] { 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'g', 'a', 'r', 'b' });
			assertThat(Sockets.closedByPeer(socket)).isTrue();
		}
		try (Socket socket = Sockets.connect(port)) {
			byte[] frame = { 0, 0, 0, 2, 'o', 'k' };
			Sockets.write(socket, frame);
			assertThat(Sockets.readExactly(socket, frame.length)).isEqualTo(frame);
		}
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void connectionsPastTheLimitAreClosedAndCounted(String io) throws Exception {
		int port = this.api.createListener("""
				{"name": "limit-%s", "io": "%s", "framing": "line", "limits": {"maxConnections": 2}}"""
			.formatted(io, io));
		try (Socket first = Sockets.connect(port); Socket second = Sockets.connect(port)) {
			echoes(first, "1");
			echoes(second, "2");
			try (Socket third = Sockets.connect(port)) {
				assertThat(Sockets.closedByPeer(third)).isTrue();
			}
			echoes(first, "still served");
		}
		JsonNode stats = this.api.get("/api/listeners/limit-" + io).json().get("stats");
		assertThat(stats.get("connectionsRejected").asLong()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(closed("limit-" + io).get("limit").asLong()).isEqualTo(1));
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void idleConnectionIsClosedAfterTheTimeout(String io) throws Exception {
		int port = this.api.createListener("""
				{"name": "idle-%s", "io": "%s", "framing": "line", "limits": {"idleTimeoutMs": 300}}"""
			.formatted(io, io));
		try (Socket socket = Sockets.connect(port)) {
			echoes(socket, "awake");
			assertThat(Sockets.closedByPeer(socket)).isTrue();
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(closed("idle-" + io).get("idle").asLong()).isEqualTo(1));
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void stopClosesTheServerSocketAtOnceAndDrainsOpenConnections(String io) throws Exception {
		int port = this.api.createListener(spec("drain-" + io, io, "line"));
		try (Socket open = Sockets.connect(port)) {
			echoes(open, "before");
			long started = System.nanoTime();
			Thread stopper = started(() -> this.api.post("/api/listeners/drain-" + io + "/stop"));
			// new connections are refused as soon as the server socket is closed...
			await().atMost(Duration.ofSeconds(2)).until(() -> refused(port));
			// ...while the open one is still served during the drain period
			echoes(open, "during drain");
			// and closed when the drain period (2 s in tests) ends
			open.setSoTimeout(10_000);
			assertThat(Sockets.closedByPeer(open)).isTrue();
			stopper.join(10_000);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
		}
		JsonNode view = this.api.get("/api/listeners/drain-" + io).json();
		assertThat(view.get("state").asText()).isEqualTo("STOPPED");
		assertThat(view.get("boundPort")).isNull();
	}

	@Test
	void stopReturnsAsSoonAsTheLastConnectionCloses() throws Exception {
		int port = this.api.createListener(spec("quick-drain", "nio", "line"));
		Socket open = Sockets.connect(port);
		echoes(open, "hello");
		Thread stopper = started(() -> this.api.post("/api/listeners/quick-drain/stop"));
		await().atMost(Duration.ofSeconds(2)).until(() -> refused(port));
		open.close();
		stopper.join(10_000);
		assertThat(stopper.isAlive()).isFalse();
		assertThat(this.api.get("/api/listeners/quick-drain").json().get("state").asText()).isEqualTo("STOPPED");
	}

	@Test
	void otherListenersCanBeChangedWhileOneDrains() throws Exception {
		int port = this.api.createListener(spec("slow-drain", "nio", "line"));
		try (Socket open = Sockets.connect(port)) {
			echoes(open, "keep me open");
			Thread stopper = started(() -> this.api.post("/api/listeners/slow-drain/stop"));
			await().atMost(Duration.ofSeconds(2)).until(() -> refused(port));
			long started = System.nanoTime();
			this.api.createListener(spec("created-meanwhile", "nio", "line"));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not held up by the 2 s drain")
				.isLessThan(Duration.ofMillis(1500));
			assertThat(stopper.isAlive()).isTrue();
			stopper.join(10_000);
		}
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void connectionsAreListedWithTheirOwnCountsAndCanBeClosedOneByOne(String io) throws Exception {
		String name = "conns-" + io;
		int port = this.api.createListener(spec(name, io, "line"));
		try (Socket kept = Sockets.connect(port); Socket dropped = Sockets.connect(port)) {
			echoes(kept, "k");
			echoes(dropped, "d");
			String droppedLocal = "127.0.0.1:" + dropped.getLocalPort();
			echoes(kept, "k2");
			JsonNode list = this.api.get("/api/listeners/" + name + "/connections").json();
			assertThat(list).hasSize(2);
			String id = null;
			for (JsonNode connection : list) {
				boolean isDropped = connection.get("remoteAddress").asText().equals(droppedLocal);
				assertThat(connection.get("messagesReceived").asLong()).isEqualTo(isDropped ? 1 : 2);
				assertThat(connection.get("bytesSent").asLong()).as("payload bytes").isEqualTo(isDropped ? 1 : 3);
				if (connection.get("remoteAddress").asText().equals(droppedLocal)) {
					id = connection.get("id").asText();
				}
			}
			assertThat(id).isNotNull();
			assertThat(this.api.delete("/api/listeners/" + name + "/connections/" + id).status()).isEqualTo(204);
			assertThat(Sockets.closedByPeer(dropped)).isTrue();
			echoes(kept, "still here");
			assertThat(this.api.delete("/api/listeners/" + name + "/connections/" + id).status()).isEqualTo(404);
		}
	}

	@Test
	void socketOptionsInEffectAreReadBack() throws Exception {
		int port = this.api.createListener("""
				{"name": "opts", "framing": "line",
				 "options": {"receiveBufferSize": 32768, "sendBufferSize": 32768, "tcpNoDelay": true, "backlog": 64}}""");
		try (Socket socket = Sockets.connect(port)) {
			echoes(socket, "x");
		}
		JsonNode effective = this.api.get("/api/listeners/opts").json().get("effectiveOptions");
		assertThat(effective.get("backlog").asInt()).isEqualTo(64);
		assertThat(effective.get("tcpNoDelay").asBoolean()).isTrue();
		// Linux doubles the requested buffer sizes for its own bookkeeping
		assertThat(effective.get("receiveBufferSize").asInt()).isGreaterThanOrEqualTo(32768);
		assertThat(effective.get("sendBufferSize").asInt()).isGreaterThanOrEqualTo(32768);
	}

	private JsonNode closed(String name) {
		return this.api.get("/api/listeners/" + name).json().get("stats").get("connectionsClosed");
	}

	private static boolean refused(int port) {
		try (Socket probe = new Socket("127.0.0.1", port)) {
			return false;
		}
		catch (java.io.IOException ex) {
			return true;
		}
	}

	private static void echoes(Socket socket, String line) {
		Sockets.write(socket, line + "\n");
		assertThat(Sockets.readExactlyText(socket, line.length() + 1)).isEqualTo(line + "\n");
	}

	static String spec(String name, String io, String framing) {
		return """
				{"name": "%s", "protocol": "tcp", "port": 0, "io": "%s", "framing": "%s"}""".formatted(name, io,
				framing);
	}

	static byte[] frame(String framing, String payload) {
		byte[] body = payload.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		switch (framing) {
			case "line" -> out.writeBytes(Sockets.concat(body, new byte[] { '\n' }));
			case "crlf" -> out.writeBytes(Sockets.concat(body, new byte[] { '\r', '\n' }));
			case "stx-etx" -> out.writeBytes(Sockets.concat(new byte[] { 2 }, body, new byte[] { 3 }));
			case "length-prefix" -> out.writeBytes(Sockets.concat(
					new byte[] { 0, 0, (byte) (body.length >> 8), (byte) body.length }, body));
			default -> out.writeBytes(body);
		}
		return out.toByteArray();
	}

	private static Thread started(Runnable task) {
		Thread thread = new Thread(task, "test-client");
		thread.start();
		return thread;
	}

	private static byte[] slice(byte[] bytes, int from, int to) {
		return java.util.Arrays.copyOfRange(bytes, from, to);
	}
}
