package io.netlab.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many clients connecting at the same moment, within the connection limit and far past it:
 * every client within the limit is served, every one past it is closed at once (none is left
 * hanging), the rejections are counted, and no connection outlives its client.
 */
@Tag("adversarial")
class ConnectionStormIntegrationTests extends IntegrationTest {

	@ParameterizedTest(name = "io {0}, tls {1}, {2} clients")
	@CsvSource({ "nio, false, 150", "blocking, false, 150", "nio, true, 40" })
	void clientsConnectingAllAtOnceWithinTheLimitAreAllServed(String io, boolean tls, int clients) throws Exception {
		String name = "storm-" + io + (tls ? "-tls" : "");
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "line", "tls": {"enabled": %s},
				 "limits": {"maxConnections": 1000, "maxConnectionsPerSource": 1000}}""".formatted(name, io, tls));
		List<String> outcomes = storm(port, tls, clients);
		assertThat(outcomes).as("what each of %d clients connecting at once got", clients).containsOnly("served");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Aftermath.activeConnections(this.api, name)).isZero());
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	@ParameterizedTest(name = "io {0}")
	@CsvSource({ "nio", "blocking" })
	void clientsPastTheLimitAreClosedAtOnceNotLeftHanging(String io) throws Exception {
		String name = "storm-limit-" + io;
		int limit = 40;
		int clients = 200;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "line",
				 "limits": {"maxConnections": %d, "maxConnectionsPerSource": 1000}}""".formatted(name, io, limit));
		List<Socket> held = new ArrayList<>();
		try {
			for (int i = 0; i < limit; i++) {
				Socket socket = Clients.plain(port, 5000);
				held.add(socket);
				Sockets.write(socket, "held\n");
				assertThat(Sockets.readExactlyText(socket, 5)).isEqualTo("held\n");
			}
			List<String> outcomes = storm(port, false, clients);
			assertThat(outcomes).as("what each of %d clients past the limit got", clients).containsOnly("closed");
		}
		finally {
			held.forEach(Clients::reset);
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(Aftermath.activeConnections(this.api, name)).isZero();
			assertThat(this.api.get("/api/listeners/" + name).json().path("stats").path("connectionsRejected").asLong())
				.isEqualTo(clients);
		});
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	/**
	 * Connect this many clients at the same moment; each sends a line and reads: {@code served}
	 * (echoed), {@code closed} (end of stream or reset) or {@code hung} (nothing within 5 s).
	 */
	private static List<String> storm(int port, boolean tls, int clients) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		CountDownLatch ready = new CountDownLatch(clients);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				String line = "client-" + i + "\n";
				results.add(pool.submit(() -> {
					ready.countDown();
					go.await();
					return oneClient(port, tls, line);
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<String> outcomes = new ArrayList<>();
			for (Future<String> result : results) {
				outcomes.add(result.get(30, TimeUnit.SECONDS));
			}
			return outcomes;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static String oneClient(int port, boolean tls, String line) {
		try (Socket socket = Clients.open(port, tls, 5000)) {
			socket.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
			byte[] answer = socket.getInputStream().readNBytes(line.length());
			return (answer.length == line.length()) ? "served" : "closed";
		}
		catch (SocketTimeoutException ex) {
			return "hung";
		}
		catch (IOException | UncheckedIOException ex) {
			return (ex.getCause() instanceof SocketTimeoutException) ? "hung" : "closed";
		}
	}

}
