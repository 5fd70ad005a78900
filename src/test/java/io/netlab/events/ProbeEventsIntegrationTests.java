package io.netlab.events;

import java.util.List;

import io.netlab.support.EventFeed;
import io.netlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes reach the live feed: a {@code ProbeCompleted} after every one-shot probe, whatever its
 * outcome, and a {@code LoadRunProgressed} while a load run goes on and once at its end.
 */
class ProbeEventsIntegrationTests extends IntegrationTest {

	@Test
	void oneShotProbeOfAListenerIsReportedAsCompleted() throws Exception {
		try (EventFeed feed = EventFeed.open(this.httpPort, "type=ProbeCompleted")) {
			this.api.post("/api/probes", """
					{"listener": "cfg-echo", "payload": "hello"}""");

			JsonNode event = feed.await("ProbeCompleted");
			assertThat(event.path("listener").asString()).isEqualTo("cfg-echo");
			assertThat(event.path("protocol").asString()).isEqualTo("tcp");
			assertThat(event.path("target").asString()).startsWith("127.0.0.1:");
			assertThat(event.path("success").asBoolean()).isTrue();
			assertThat(event.path("errorKind").isNull() || event.path("errorKind").isMissingNode()).isTrue();
			assertThat(event.path("totalMs").asDouble()).isPositive();
		}
	}

	@Test
	void failedProbeIsReportedWithWhatWentWrong() throws Exception {
		int closedPort = this.api.createListener("""
				{"name": "probe-gone", "protocol": "tcp", "port": 0}""");
		this.api.delete("/api/listeners/probe-gone");
		try (EventFeed feed = EventFeed.open(this.httpPort, "type=ProbeCompleted")) {
			this.api.post("/api/probes", """
					{"protocol": "tcp", "host": "127.0.0.1", "port": %d, "payload": "x", "timeoutMs": 1000}"""
				.formatted(closedPort));

			JsonNode event = feed.await("ProbeCompleted");
			assertThat(event.path("target").asString()).isEqualTo("127.0.0.1:" + closedPort);
			assertThat(event.path("success").asBoolean()).isFalse();
			assertThat(event.path("errorKind").asString()).isEqualTo("refused");
		}
	}

	@Test
	void loadRunReportsProgressEverySecondAndItsEnd() throws Exception {
		try (EventFeed feed = EventFeed.open(this.httpPort, "type=LoadRunProgressed")) {
			String runId = this.api.post("/api/probes", """
					{"listener": "cfg-echo", "payload": "ping", "durationMs": 2500, "async": true}""")
				.json()
				.path("id")
				.asString();

			JsonNode end = feed.await("LoadRunProgressed",
					event -> event.path("runId").asString().equals(runId) && !event.path("state").asString().equals("running"));
			assertThat(end.path("state").asString()).isEqualTo("finished");
			assertThat(end.path("listener").asString()).isEqualTo("cfg-echo");
			assertThat(end.path("done").asLong()).isPositive();
			List<JsonNode> running = feed.received()
				.stream()
				.filter(event -> event.path("runId").asString().equals(runId))
				.filter(event -> event.path("state").asString().equals("running"))
				.toList();
			assertThat(running).hasSizeGreaterThanOrEqualTo(2);
			assertThat(running).allSatisfy(event -> assertThat(event.path("elapsedMs").asDouble()).isPositive());
			assertThat(running.get(running.size() - 1).path("done").asLong()).isLessThanOrEqualTo(end.path("done").asLong());
		}
	}

	@Test
	void waitedForLoadRunIsReportedToo() throws Exception {
		try (EventFeed feed = EventFeed.open(this.httpPort, "type=LoadRunProgressed")) {
			long messages = this.api.post("/api/probes", """
					{"listener": "cfg-echo", "payload": "ping", "count": 200}""").json().path("messages").asLong();

			JsonNode end = feed.await("LoadRunProgressed", event -> event.path("state").asString().equals("finished")
					&& event.path("done").asLong() == messages);
			assertThat(end.path("total").asLong()).isEqualTo(200);
		}
	}

}
