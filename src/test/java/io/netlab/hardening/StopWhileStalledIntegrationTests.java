package io.netlab.hardening;

import java.time.Duration;
import java.util.List;

import io.netlab.support.Api;
import io.netlab.support.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finding 6 of issue 11 (a listener stopped while its loops or threads are blocked must still
 * stop): many connections are open and stalled (their clients send and never read, so replies
 * are queued or a write blocks), and the listener is stopped. It must reach {@code STOPPED}
 * within the drain timeout (2 s in tests) and a bound, with none of its connections left open,
 * and serve again once started.
 */
@Tag("adversarial")
class StopWhileStalledIntegrationTests extends IntegrationTest {

	private static final int STALLED = 20;

	private static final Duration DRAIN = Duration.ofSeconds(2);

	private static final Duration BOUND = Duration.ofSeconds(5);

	@ParameterizedTest(name = "io {0}, tls {1}")
	@CsvSource({ "nio, false", "blocking, false", "nio, true" })
	void listenerWithStalledConnectionsStillStopsWithinTheDrainTimeout(String io, boolean tls) {
		String name = "stop-stalled-" + io + (tls ? "-tls" : "");
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "line", "tls": {"enabled": %s},
				 "options": {"sendBufferSize": 8192}, "limits": {"writeStallTimeoutMs": 60000}}"""
			.formatted(name, io, tls));
		List<Flooder> flooders = Flooder.startAll(port, tls, STALLED);
		try {
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> flooders.stream().allMatch(flooder -> flooder.stalledFor(500)));
			long started = System.nanoTime();
			Api.Response stopped = this.api.post("/api/listeners/" + name + "/stop");
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
			assertThat(took).as("stop with %d stalled connections", STALLED).isLessThan(DRAIN.plus(BOUND));
			assertThat(this.api.get("/api/listeners/" + name).json().path("state").asText()).isEqualTo("STOPPED");
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> assertThat(Aftermath.activeConnections(this.api, name))
					.as("connections still open after the stop")
					.isZero());
		}
		finally {
			flooders.forEach(Flooder::close);
		}
		assertThat(this.api.post("/api/listeners/" + name + "/start").status()).isEqualTo(200);
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

}
