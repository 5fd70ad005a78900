package io.netlab.events;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netlab.support.IntegrationTest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import io.netlab.support.RawWebSocket;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebSocket client that stops reading the live feed must cost the listeners nothing: its
 * events are dropped and counted (netlab.events.dropped), and it is told so when it reads again.
 */
class StalledSubscriberIntegrationTests extends IntegrationTest {

	private static final Log logger = LogFactory.getLog(StalledSubscriberIntegrationTests.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration MEASURE = Duration.ofSeconds(1);

	private static final int CLIENTS = 4;

	@Test
	void stalledFeedClientDoesNotSlowAnEchoLoadAndLearnsWhatItMissed() throws Exception {
		int port = this.api.createListener("""
				{"name": "under-load", "framing": "line"}""");
		// warm up first, so that the first measurement is not the slower one for that alone
		echoesPerSecond(port, MEASURE);
		// every phase follows the same burst of connections, so that the garbage and the events
		// it leaves weigh on each phase alike; each phase is the median of three measurements
		burst(port);
		double before = medianEchoesPerSecond(port);
		double droppedBefore = eventsDropped();
		double withStalledClient;
		// a receive buffer of a few KB, so that the server's writes to it stall soon
		try (RawWebSocket stalled = RawWebSocket.open(this.httpPort, "/ws/events", 2048)) {
			// bursts of connection events (never sampled) until the socket buffers and the
			// client's queue are full and the hub has to drop events for it
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				for (int i = 0; i < 200; i++) {
					Sockets.connect(port).close();
				}
				return eventsDropped() > droppedBefore;
			});
			withStalledClient = medianEchoesPerSecond(port);
			// reading again, the client first gets what was queued, then the count of what was not
			long dropped = 0;
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (dropped == 0 && System.nanoTime() < deadline) {
				String text = stalled.nextText();
				assertThat(text).as("feed closed before an EventsDropped frame").isNotNull();
				JsonNode frame = JSON.readTree(text);
				if ("EventsDropped".equals(frame.get("type").asText())) {
					dropped = frame.get("count").asLong();
				}
			}
			assertThat(dropped).as("events dropped for the stalled client").isPositive();
		}
		// measured before and after the stall, so that a neighbour's load on the machine
		// during the test weighs on both sides of the comparison
		burst(port);
		double after = medianEchoesPerSecond(port);
		double alone = (before + after) / 2;
		logger.info(String.format("Echoes/s: %.0f alone (%.0f before, %.0f after), %.0f with a stalled feed client (%.0f%%)",
				alone, before, after, withStalledClient, 100 * withStalledClient / alone));
		// a feed that pushed back on the listeners would bring the echoes close to zero; the margin
		// only absorbs the noise of a shared 2-core machine (measured: 81-112% of alone)
		assertThat(withStalledClient).as("echoes/s with a stalled feed client (alone: %.0f/s)", alone)
			.isGreaterThanOrEqualTo(0.5 * alone);
		JsonNode stats = this.api.get("/api/listeners/under-load").json().get("stats");
		assertThat(stats.get("messagesReceived").asLong()).isEqualTo(stats.get("messagesSent").asLong());
	}

	private static void burst(int port) {
		for (int i = 0; i < 200; i++) {
			try {
				Sockets.connect(port).close();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
	}

	private static double medianEchoesPerSecond(int port) throws Exception {
		double[] rates = { echoesPerSecond(port, MEASURE), echoesPerSecond(port, MEASURE), echoesPerSecond(port, MEASURE) };
		java.util.Arrays.sort(rates);
		return rates[1];
	}

	/** The netlab.events.dropped counter, as /actuator/metrics shows it. */
	private double eventsDropped() {
		return this.api.get("/actuator/metrics/netlab.events.dropped").json().get("measurements").get(0).get("value")
			.asDouble();
	}

	/** Echo round trips per second of CLIENTS connections, each one message in flight. */
	private static double echoesPerSecond(int port, Duration duration) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<Long>> counts = new ArrayList<>();
			long start = System.nanoTime();
			long end = start + duration.toNanos();
			for (int c = 0; c < CLIENTS; c++) {
				counts.add(clients.submit(() -> {
					long echoes = 0;
					try (Socket socket = Sockets.connect(port)) {
						byte[] ping = "ping\n".getBytes();
						while (System.nanoTime() < end) {
							Sockets.write(socket, ping);
							Sockets.readExactly(socket, ping.length);
							echoes++;
						}
					}
					return echoes;
				}));
			}
			long total = 0;
			for (Future<Long> count : counts) {
				total += count.get(duration.toSeconds() + 10, TimeUnit.SECONDS);
			}
			return total / ((System.nanoTime() - start) / 1e9);
		}
		finally {
			clients.shutdownNow();
		}
	}

}
