package io.netlab.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Stamped UDP runs over real sockets: loss, duplicates and reordering counted exactly against a
 * server that impairs in a known pattern, the open-loop rate, per-port loss, and the progress
 * an async run publishes.
 */
@ProbeIntegrationTest
class UdpMeasurementIntegrationTests {

	/** 32 bytes: room for the 16-byte stamp. */
	private static final String PAYLOAD = "measure-the-network-not-ping-it!";

	@LocalServerPort
	int httpPort;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.httpPort);
	}

	@Test
	void openLoopRunCountsEveryDropDuplicateAndSwapExactly() throws Exception {
		try (ImpairingUdpServer server = ImpairingUdpServer.dropDuplicateSwap()) {
			JsonNode result = this.api.probe("""
					{"protocol": "udp", "host": "127.0.0.1", "port": %d, "payload": "%s",
					 "count": 40, "ratePerSecond": 200, "timeoutMs": 1000}""".formatted(server.port(), PAYLOAD));

			// 40 sent; the 4th, 8th ... 40th dropped (10); of the 30 echoed, #10 and #30 twice;
			// the 30 echoed in 15 swapped pairs, so the first of each pair comes after the second
			assertThat(result.path("sent").asLong()).as(result.toString()).isEqualTo(40);
			assertThat(result.path("received").asLong()).isEqualTo(30);
			assertThat(result.path("lost").asLong()).isEqualTo(10);
			assertThat(result.path("duplicated").asLong()).isEqualTo(2);
			assertThat(result.path("reordered").asLong()).isEqualTo(15);
			assertThat(result.path("late").asLong()).isZero();
			assertThat(result.path("lossRatio").asDouble()).isEqualTo(0.25);
			assertThat(result.path("maxLossBurst").asInt()).isEqualTo(1);
			assertThat(result.path("jitterMs").asDouble()).isPositive();
			assertThat(result.path("messages").asLong()).isEqualTo(30);
			assertThat(result.path("latency").path("p50").asDouble()).isPositive();
		}
	}

	@Test
	void closedLoopStampedRunOfListenerLosesNothing() {
		JsonNode result = this.api.probe("""
				{"listener": "echo-udp", "payload": "%s", "count": 300, "sourcePorts": 3}""".formatted(PAYLOAD));

		assertThat(result.path("messages").asLong()).as(result.toString()).isEqualTo(300);
		assertThat(result.path("sent").asLong()).isEqualTo(300);
		assertThat(result.path("received").asLong()).isEqualTo(300);
		assertThat(result.path("lost").asLong()).isZero();
		assertThat(result.path("duplicated").asLong()).isZero();
		assertThat(result.path("reordered").asLong()).isZero();
		assertThat(result.path("ports").size()).isEqualTo(3);
		assertThat(result.has("targetRatePerSecond")).isFalse();
	}

	@Test
	void openLoopRunSendsAtTheRateAskedWithinFivePercent() {
		JsonNode result = this.api.probe("""
				{"listener": "echo-udp", "payload": "%s", "ratePerSecond": 500, "durationMs": 2000}""".formatted(PAYLOAD));

		assertThat(result.path("targetRatePerSecond").asDouble()).isEqualTo(500.0);
		assertThat(result.path("achievedRatePerSecond").asDouble()).as(result.toString()).isCloseTo(500.0, within(25.0));
		assertThat(result.path("sent").asLong()).isBetween(950L, 1050L);
		assertThat(result.path("lost").asLong()).isZero();
	}

	@Test
	void runOverSeveralSourcePortsShowsWhichPortLostItsDatagrams() throws Exception {
		try (ImpairingUdpServer server = ImpairingUdpServer.blackholeFirstSourcePort()) {
			JsonNode result = this.api.probe("""
					{"protocol": "udp", "host": "127.0.0.1", "port": %d, "payload": "%s", "sourcePorts": 4,
					 "ratePerSecond": 400, "durationMs": 500, "timeoutMs": 300}""".formatted(server.port(), PAYLOAD));

			List<JsonNode> ports = result.path("ports").valueStream().toList();
			assertThat(ports).as(result.toString()).hasSize(4);
			assertThat(ports).allSatisfy(port -> assertThat(port.path("sent").asLong()).isPositive());
			assertThat(ports.stream().filter(port -> port.path("lossRatio").asDouble() == 1.0)).hasSize(1);
			assertThat(ports.stream().filter(port -> port.path("lost").asLong() == 0)).hasSize(3);
			assertThat(ports.stream().map(port -> port.path("port").asInt()).distinct()).hasSize(4);
			long lostOfOnePort = ports.stream().mapToLong(port -> port.path("lost").asLong()).max().orElseThrow();
			assertThat(result.path("lost").asLong()).isEqualTo(lostOfOnePort);
		}
	}

	@Test
	void asyncRunReportsDatagramsInItsProgressAndPublishesItEverySecond() {
		Instant before = Instant.now();
		Api.Response started = this.api.post("/api/probes", """
				{"listener": "echo-udp", "payload": "%s", "ratePerSecond": 200, "durationMs": 2500, "async": true}"""
			.formatted(PAYLOAD));
		assertThat(started.status()).isEqualTo(202);
		String id = started.body().path("id").asString();

		JsonNode running = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.api.get(started.location()).body(), run -> run.path("sent").asLong() > 50);
		assertThat(running.path("state").asString()).isEqualTo("running");
		assertThat(running.has("received")).isTrue();
		assertThat(running.has("jitterMs")).isTrue();
		JsonNode finished = await().atMost(Duration.ofSeconds(15))
			.until(() -> this.api.get(started.location()).body(), run -> !run.path("state").asString().equals("running"));
		assertThat(finished.path("result").path("sent").asLong()).isBetween(475L, 525L);

		List<JsonNode> events = await().atMost(Duration.ofSeconds(5))
			.until(() -> progressOf(id), all -> !all.isEmpty() && isEnd(all.get(all.size() - 1)));
		JsonNode last = events.get(events.size() - 1);
		assertThat(last.path("state").asString()).isEqualTo("finished");
		assertThat(last.path("sent").asLong()).isEqualTo(finished.path("result").path("sent").asLong());
		assertThat(last.path("lost").asLong()).isZero();
		List<JsonNode> ticks = events.stream().filter(e -> e.path("state").asString().equals("running")).toList();
		// 2.5 s of sending and one timeout of draining: a report at 1 s and 2 s at least
		assertThat(ticks).hasSizeGreaterThanOrEqualTo(2);
		assertThat(ticks).allSatisfy(tick -> assertThat(tick.path("sent").asLong()).isPositive());
		Instant previous = before;
		for (JsonNode event : events) {
			Instant at = Instant.parse(event.path("at").asString());
			assertThat(Duration.between(previous, at)).as(events.toString()).isLessThan(Duration.ofMillis(1500));
			previous = at;
		}
	}

	@Test
	void stampingNeedsRoomAndUdpAndRateNeedsStamps() {
		Api.Response response = this.api.post("/api/probes", """
				{"listener": "echo-udp", "payload": "short", "count": 10, "stamp": true, "ratePerSecond": 100}""");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().path("errors").findValuesAsString("field")).contains("payload", "ratePerSecond");
		Api.Response tcp = this.api.post("/api/probes", """
				{"listener": "echo-raw", "payload": "%s", "count": 10, "sourcePorts": 2}""".formatted(PAYLOAD));
		assertThat(tcp.status()).isEqualTo(400);
		assertThat(tcp.body().path("errors").findValuesAsString("field")).contains("sourcePorts");
	}

	private List<JsonNode> progressOf(String id) {
		return this.api.get("/api/events?type=LoadRunProgressed&limit=1000")
			.body()
			.valueStream()
			.filter(event -> event.path("runId").asString().equals(id))
			.toList();
	}

	private static boolean isEnd(JsonNode event) {
		return !event.path("state").asString().equals("running");
	}

}
