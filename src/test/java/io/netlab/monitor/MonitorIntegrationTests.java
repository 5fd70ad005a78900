package io.netlab.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.netlab.support.Api;
import io.netlab.support.Netlab;
import io.netlab.support.Prometheus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scheduled monitors on netlabs of the test's own, probing real listeners: state that follows
 * the target, {@code MonitorStateChanged} events, {@code netlab_monitor_*} meters, validation,
 * and monitors that survive a restart.
 */
class MonitorIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void monitorGoesUpThenDownWithItsTargetAndSaysSoInEventsAndMetrics(@TempDir Path dataDir) {
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir)) {
			Api api = Netlab.api(netlab);
			int port = api.createListener("{\"name\": \"watched\"}");
			Api.Response created = api.post("/api/monitors", """
					{"name": "watched-tcp", "module": "tcp_connect", "target": "127.0.0.1:%d", "intervalMs": 500}"""
				.formatted(port));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			assertThat(created.location()).isEqualTo("/api/monitors/watched-tcp");

			await().atMost(WAIT).until(() -> state(api, "watched-tcp"), "UP"::equals);
			assertThat(api.post("/api/listeners/watched/stop").status()).isEqualTo(200);
			JsonNode down = await().atMost(WAIT)
				.until(() -> api.get("/api/monitors/watched-tcp").json(), m -> m.path("state").asString().equals("DOWN"));

			assertThat(down.path("lastResult").path("success").asBoolean()).isFalse();
			assertThat(down.path("lastResult").path("error").asString()).isEqualTo("failure");
			assertThat(down.path("lastResult").path("message").asString()).containsIgnoringCase("refused");
			assertThat(down.path("results").size()).isBetween(2, 100);
			List<String> changes = api.get("/api/events?type=MonitorStateChanged").json()
				.valueStream()
				.map(e -> e.path("from").asString() + "->" + e.path("to").asString())
				.toList();
			assertThat(changes).containsSubsequence("UNKNOWN->UP", "UP->DOWN");
			String metrics = api.get("/actuator/prometheus").body();
			assertThat(Prometheus.sample(metrics, "netlab_monitor_success", "monitor=\"watched-tcp\"")).isZero();
			assertThat(Prometheus.sample(metrics, "netlab_monitor_runs_total", "monitor=\"watched-tcp\"",
					"result=\"success\"")).isPositive();
			assertThat(Prometheus.sample(metrics, "netlab_monitor_runs_total", "monitor=\"watched-tcp\"",
					"result=\"failure\"")).isPositive();
			assertThat(metrics).contains("netlab_monitor_duration_seconds_bucket{monitor=\"watched-tcp\"");

			assertThat(api.delete("/api/monitors/watched-tcp").status()).isEqualTo(204);
			assertThat(api.get("/actuator/prometheus").body()).doesNotContain("monitor=\"watched-tcp\"");
		}
	}

	@Test
	void monitorsSurviveARestartAndRunAgain(@TempDir Path dataDir) {
		int udpPort;
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir)) {
			Api api = Netlab.api(netlab);
			udpPort = api.createListener("{\"name\": \"echo-u\", \"protocol\": \"udp\", \"port\": 0}");
			assertThat(api.post("/api/monitors", """
					{"name": "udp-path", "module": "udp_loss", "target": "127.0.0.1:%d", "intervalMs": 1000}"""
				.formatted(udpPort)).status()).isEqualTo(201);
			assertThat(api.post("/api/monitors", """
					{"name": "inline-dns", "probe": {"prober": "dns"}, "target": "localhost", "intervalMs": 60000}""")
				.status()).isEqualTo(201);
			await().atMost(WAIT).until(() -> state(api, "udp-path"), "UP"::equals);
			assertThat(Prometheus.sample(api.get("/actuator/prometheus").body(), "netlab_monitor_udp_loss_ratio",
					"monitor=\"udp-path\"")).isZero();
			assertThat(Files.exists(dataDir.resolve(MonitorStore.FILE_NAME))).isTrue();
		}
		// the API listener comes back on another ephemeral port: here only that the monitor runs again counts
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir)) {
			Api api = Netlab.api(netlab);
			assertThat(api.get("/api/monitors").json().findValuesAsString("name")).containsExactly("inline-dns", "udp-path");
			await().atMost(WAIT).until(() -> state(api, "inline-dns"), "UP"::equals);
			JsonNode restored = api.get("/api/monitors/udp-path").json();
			assertThat(restored.path("module").asString()).isEqualTo("udp_loss");
			assertThat(restored.path("intervalMs").asLong()).isEqualTo(1000);
			await().atMost(WAIT).until(() -> api.get("/api/monitors/udp-path").json().path("results").size() > 0);
		}
	}

	@Test
	void invalidMonitorIs400NamingEachFieldAndDuplicatesAre409(@TempDir Path dataDir) {
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir)) {
			Api api = Netlab.api(netlab);

			Api.Response invalid = api.post("/api/monitors", """
					{"name": "Bad!", "module": "nope", "target": "", "intervalMs": 10}""");
			assertThat(invalid.status()).isEqualTo(400);
			assertThat(invalid.contentType()).startsWith("application/problem+json");
			assertThat(invalid.json().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name",
					"module", "target", "intervalMs");
			Api.Response badInline = api.post("/api/monitors", """
					{"name": "x", "probe": {"prober": "tcp", "count": 3}, "target": "no-port"}""");
			assertThat(badInline.json().path("errors").findValuesAsString("field")).contains("probe.count", "target");

			String good = "{\"name\": \"twice\", \"module\": \"tcp_connect\", \"target\": \"127.0.0.1:9\"}";
			assertThat(api.post("/api/monitors", good).status()).isEqualTo(201);
			assertThat(api.post("/api/monitors", good).status()).isEqualTo(409);
			assertThat(api.get("/api/monitors/twice").json().path("intervalMs").asLong()).isEqualTo(30000);
			assertThat(api.put("/api/monitors/twice", "{\"module\": \"tcp_connect\", \"target\": \"127.0.0.1:10\"}")
				.json()
				.path("target")
				.asString()).isEqualTo("127.0.0.1:10");
			assertThat(api.get("/api/monitors/none").status()).isEqualTo(404);
		}
	}

	private static String state(Api api, String monitor) {
		return api.get("/api/monitors/" + monitor).json().path("state").asString();
	}

}
