package io.netlab.series;

import java.net.Socket;
import java.time.Duration;

import io.netlab.support.Api;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/listeners/{name}/series} over real HTTP: the traffic of a real socket shows up
 * as rates and an open connection, and an unknown listener is a 404 problem.
 */
class ListenerSeriesIntegrationTests extends IntegrationTest {

	@Test
	void trafficOfAConnectionShowsUpAsRatesAndAnOpenConnection() throws Exception {
		int port = this.api.createListener("""
				{"name": "series-echo", "protocol": "tcp", "port": 0, "framing": "line"}""");
		try (Socket socket = Sockets.connect(port)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				Sockets.write(socket, "tick\n");
				Sockets.readExactly(socket, 5);
				JsonNode series = this.api.get("/api/listeners/series-echo/series").json();
				assertThat(series.path("listener").asString()).isEqualTo("series-echo");
				assertThat(series.path("intervalMs").asLong()).isEqualTo(1000);
				assertThat(max(series.path("messagesInPerSecond"))).isPositive();
				assertThat(max(series.path("bytesInPerSecond"))).isPositive();
				assertThat(max(series.path("bytesOutPerSecond"))).isPositive();
				assertThat(max(series.path("connections"))).isEqualTo(1);
			});
		}
		JsonNode series = this.api.get("/api/listeners/series-echo/series").json();
		int samples = series.path("at").size();
		assertThat(series.path("messagesInPerSecond").size()).isEqualTo(samples);
		assertThat(series.path("connections").size()).isEqualTo(samples);
	}

	@Test
	void seriesOfAnUnknownListenerIsNotFound() {
		Api.Response response = this.api.get("/api/listeners/nobody/series");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains("nobody");
	}

	private static double max(JsonNode column) {
		double max = 0;
		for (JsonNode value : column) {
			max = Math.max(max, value.asDouble());
		}
		return max;
	}

}
