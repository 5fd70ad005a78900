package io.netlab.probe;

import java.time.Duration;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load runs over real HTTP: figures that add up, UDP loss, failures by kind, async progress and
 * cancellation, and the bounds.
 */
@ProbeIntegrationTest
class LoadRunIntegrationTests {

	@LocalServerPort
	int httpPort;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.httpPort);
	}

	@AfterEach
	void cancelRunsLeftRunning() {
		for (JsonNode run : this.api.get("/api/probes/runs").body()) {
			if (run.path("state").asString().equals("running")) {
				this.api.delete("/api/probes/runs/" + run.path("id").asString());
			}
		}
	}

	@Test
	void countedRunGetsEveryReplyAndItsFiguresAddUp() {
		JsonNode result = this.api.probe("""
				{"listener": "echo-line", "payload": "ping", "count": 600, "concurrency": 5}""");

		assertThat(result.path("messages").asLong()).as(result.toString()).isEqualTo(600);
		assertThat(sum(result.path("messagesPerConnection"))).isEqualTo(600);
		assertThat(result.path("messagesPerConnection").size()).isEqualTo(5);
		assertThat(result.path("errors").isEmpty()).isTrue();
		assertThat(result.path("bytesSent").asLong()).isEqualTo(600 * 5);
		assertThat(result.path("bytesReceived").asLong()).isEqualTo(600 * 5);
		assertThat(result.path("messagesPerSecond").asDouble()).isGreaterThan(0);
		assertThat(result.path("bytesPerSecond").asDouble()).isGreaterThan(0);
		assertThat(result.has("lost")).isFalse();
		JsonNode latency = result.path("latency");
		assertThat(latency.path("p50").asDouble()).isGreaterThan(0)
			.isLessThanOrEqualTo(latency.path("p90").asDouble());
		assertThat(latency.path("p90").asDouble()).isLessThanOrEqualTo(latency.path("p99").asDouble());
		assertThat(latency.path("p99").asDouble()).isLessThanOrEqualTo(latency.path("p999").asDouble());
		assertThat(latency.path("p999").asDouble()).isLessThanOrEqualTo(latency.path("max").asDouble());
	}

	@Test
	void timedRunOfRawEchoLastsItsDurationWithoutErrors() {
		String kib = "x".repeat(1024);

		JsonNode result = this.api.probe("""
				{"listener": "echo-raw", "payload": "%s", "durationMs": 500, "concurrency": 3}""".formatted(kib));

		assertThat(result.path("durationMs").asDouble()).isBetween(500.0, 10_000.0);
		assertThat(result.path("messages").asLong()).isPositive().isEqualTo(sum(result.path("messagesPerConnection")));
		assertThat(result.path("errors").isEmpty()).as(result.toString()).isTrue();
		assertThat(result.path("bytesReceived").asLong()).isGreaterThanOrEqualTo(1024 * result.path("messages").asLong());
	}

	@Test
	void udpRunAgainstLossyServerReportsTheLoss() throws Exception {
		try (TestServers.LossyUdp server = new TestServers.LossyUdp()) {
			JsonNode result = this.api.probe("""
					{"protocol": "udp", "host": "127.0.0.1", "port": %d, "payload": "lossy", "count": 10,
					 "concurrency": 1, "timeoutMs": 250}""".formatted(server.port()));

			assertThat(result.path("messages").asLong()).as(result.toString()).isEqualTo(10);
			assertThat(result.path("lost").asLong()).isBetween(9L, 20L);
			assertThat(server.received()).isGreaterThanOrEqualTo(result.path("messages").asLong() + 9);
		}
	}

	@Test
	void udpRunOfListenerLosesNothing() {
		JsonNode result = this.api.probe("""
				{"listener": "echo-udp", "payload": "datagram", "count": 200, "concurrency": 4}""");

		assertThat(result.path("messages").asLong()).as(result.toString()).isEqualTo(200);
		assertThat(result.path("lost").asLong()).isZero();
	}

	@Test
	void runAgainstClosedPortCountsOneRefusalPerConnection() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}

		JsonNode result = this.api.probe("""
				{"protocol": "tcp", "host": "127.0.0.1", "port": %d, "payload": "x", "count": 10, "concurrency": 3}"""
			.formatted(port));

		assertThat(result.path("messages").asLong()).isZero();
		assertThat(result.path("errors").path("refused").asLong()).as(result.toString()).isEqualTo(3);
	}

	@Test
	void asyncRunShowsProgressAndStopsWhenCancelled() {
		Api.Response started = this.api.post("/api/probes", """
				{"listener": "echo-raw", "payload": "ping", "durationMs": 30000, "concurrency": 2, "async": true}""");

		assertThat(started.status()).isEqualTo(202);
		String id = started.body().path("id").asString();
		assertThat(started.location()).isEqualTo("/api/probes/runs/" + id);
		JsonNode progress = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.get(started.location()).body(), run -> run.path("done").asLong() > 100);
		assertThat(progress.path("state").asString()).isEqualTo("running");
		assertThat(progress.has("currentRate")).isTrue();

		JsonNode cancelled = this.api.delete(started.location()).body();

		assertThat(cancelled.path("state").asString()).isEqualTo("cancelled");
		JsonNode result = cancelled.path("result");
		assertThat(result.path("cancelled").asBoolean()).isTrue();
		assertThat(result.path("durationMs").asDouble()).isLessThan(30_000);
		assertThat(result.path("messages").asLong()).isPositive().isEqualTo(sum(result.path("messagesPerConnection")));
		assertThat(this.api.get(started.location()).body().path("state").asString()).isEqualTo("cancelled");
	}

	@Test
	void runsBeyondTheConcurrentLimitAreRefused() {
		String longRun = """
				{"listener": "echo-raw", "payload": "ping", "durationMs": 30000, "async": true}""";
		assertThat(this.api.post("/api/probes", longRun).status()).isEqualTo(202);
		assertThat(this.api.post("/api/probes", longRun).status()).isEqualTo(202);

		Api.Response third = this.api.post("/api/probes", longRun);

		assertThat(third.status()).isEqualTo(429);
		assertThat(third.body().path("detail").asString()).contains("max-concurrent-runs");
	}

	@Test
	void loadRunOutsideTheBoundsIsInvalid() {
		Api.Response response = this.api.post("/api/probes", """
				{"listener": "echo-raw", "payload": "x", "durationMs": 600000, "concurrency": 100000,
				 "tls": {"enabled": true}}""");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().path("errors").findValuesAsString("field")).contains("durationMs", "concurrency",
				"tls");
	}

	@Test
	void unknownRunIsNotFound() {
		assertThat(this.api.get("/api/probes/runs/nope").status()).isEqualTo(404);
	}

	private static long sum(JsonNode numbers) {
		return StreamSupport.stream(numbers.spliterator(), false).mapToLong(JsonNode::asLong).sum();
	}

}
