package io.netlab.hardening;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netlab.support.Api;
import io.netlab.support.EventFeed;
import io.netlab.support.Prometheus;
import io.netlab.support.Sockets;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every adversarial test checks once the attack is over, from outside only: fresh clients
 * are served by every event loop, health tells the truth, the close reason was counted, and
 * the heap did not grow past a bound.
 */
final class Aftermath {

	/**
	 * Fresh clients opened after an attack: connections are spread round-robin over a listener's
	 * loops (one per CPU by default), so this many consecutive ones reach every loop.
	 */
	static final int FRESH_CLIENTS = Math.max(12, Runtime.getRuntime().availableProcessors());

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

	private Aftermath() {
	}

	/** Fresh clients (at least 12), all connected at once, each get their frame echoed; health is UP. */
	static void assertEveryLoopServesAndHealthIsUp(Api api, String listener) {
		assertThat(freshClientsServed(api, listener, FRESH_CLIENTS))
			.as("fresh clients of '%s' served (out of %d) after the attack", listener, FRESH_CLIENTS)
			.isEqualTo(FRESH_CLIENTS);
		awaitHealth(api, listener, "UP", Duration.ofSeconds(5));
	}

	/**
	 * How many of {@code count} fresh clients, connected at the same time, get their own frame
	 * echoed within 5 s: a client on a dead or hung loop times out instead of failing the test,
	 * so that the count says how much of the listener still works.
	 */
	static int freshClientsServed(Api api, String listener, int count) {
		JsonNode view = api.get("/api/listeners/" + listener).json();
		int port = view.get("boundPort").asInt();
		JsonNode spec = spec(view);
		boolean tls = spec.path("tls").path("enabled").asBoolean(false);
		String framing = spec.path("framing").asText("raw");
		int headerBytes = spec.path("lengthHeaderBytes").asInt(4);
		return freshClientsServed(port, tls, framing, headerBytes, count);
	}

	static int freshClientsServed(int port, boolean tls, String framing, int headerBytes, int count) {
		ExecutorService clients = Executors.newFixedThreadPool(count);
		try {
			List<Future<Boolean>> served = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				byte[] payload = ("fresh-client-" + i).getBytes(StandardCharsets.US_ASCII);
				served.add(clients.submit(() -> echoed(port, tls, Clients.frame(framing, headerBytes, payload))));
			}
			int total = 0;
			for (Future<Boolean> one : served) {
				total += one.get(CLIENT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS) ? 1 : 0;
			}
			return total;
		}
		catch (Exception ex) {
			throw new AssertionError("fresh clients could not be run", ex);
		}
		finally {
			clients.shutdownNow();
		}
	}

	private static boolean echoed(int port, boolean tls, byte[] frame) {
		try (Socket socket = Clients.open(port, tls, (int) CLIENT_TIMEOUT.toMillis())) {
			socket.getOutputStream().write(frame);
			socket.getOutputStream().flush();
			byte[] answer = socket.getInputStream().readNBytes(frame.length);
			return Arrays.equals(answer, frame);
		}
		catch (Exception ex) {
			return false;
		}
	}

	/**
	 * The spec part of a listener view: today its fields sit at the top level of the view; a
	 * view that nests them under {@code spec} is read the same way.
	 */
	static JsonNode spec(JsonNode view) {
		return view.path("spec").isObject() ? view.get("spec") : view;
	}

	/** The connections the listener counts as open ({@code stats.connectionsActive}). */
	static int activeConnections(Api api, String listener) {
		return api.get("/api/listeners/" + listener).json().path("stats").path("connectionsActive").asInt();
	}

	/** The status of {@code /actuator/health/listeners/<name>}. */
	static String healthStatus(Api api, String listener) {
		return api.get("/actuator/health/listeners/" + listener).json().path("status").asText();
	}

	static void awaitHealth(Api api, String listener, String status, Duration within) {
		await().atMost(within)
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(healthStatus(api, listener))
				.as("health of listener '%s'", listener)
				.isEqualTo(status));
	}

	/**
	 * Subscribe to the listener's {@code ConnectionClosed} events, let the client misbehave, and
	 * check that the server closed it for this reason wherever a user can see it: at the client
	 * (end of stream or reset, within the socket's read timeout), in the event, in the listener's
	 * stats and in Prometheus. Returns how long after the misbehaviour began the client saw the close.
	 */
	static Duration assertServerClosesFor(Api api, int httpPort, String listener, String reason, Socket client,
			Runnable misbehaviour) {
		Duration took;
		try (EventFeed feed = EventFeed.open(httpPort, "listener=" + listener + "&type=ConnectionClosed")) {
			long started = System.nanoTime();
			misbehaviour.run();
			assertThat(Sockets.closedByPeer(client)).as("client closed by the server within its read timeout").isTrue();
			took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(feed.await("ConnectionClosed").get("reason").asText()).as("reason of the ConnectionClosed event")
				.isEqualTo(reason);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		awaitClosedFor(api, listener, reason, 1);
		return took;
	}

	/**
	 * Wait until the listener counted at least {@code atLeast} connections closed for this reason,
	 * both in its view ({@code stats.connectionsClosed}) and in Prometheus.
	 */
	static void awaitClosedFor(Api api, String listener, String reason, long atLeast) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			JsonNode closed = api.get("/api/listeners/" + listener).json().path("stats").path("connectionsClosed");
			assertThat(closed.path(reason).asLong(0))
				.as("stats.connectionsClosed.%s of '%s' (all: %s)", reason, listener, closed)
				.isGreaterThanOrEqualTo(atLeast);
			Double counted = Prometheus.sample(api.get("/actuator/prometheus").body(), "netlab_connections_closed_total",
					"listener=\"" + listener + "\"", "reason=\"" + reason + "\"");
			assertThat(counted).as("netlab_connections_closed_total{listener=\"%s\",reason=\"%s\"}", listener, reason)
				.isNotNull()
				.isGreaterThanOrEqualTo(atLeast);
		});
	}

	/**
	 * The stacks of the threads serving {@code listener} (their names carry it): what a failure
	 * message shows when a connection was neither served nor closed, a hung loop included.
	 */
	static String serverThreads(String listener) {
		StringBuilder dump = new StringBuilder();
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			if (thread.getName().contains(listener)) {
				dump.append("\n\"").append(thread.getName()).append("\" ").append(thread.getState());
				for (StackTraceElement frame : Arrays.copyOf(stack, Math.min(stack.length, 40))) {
					dump.append("\n\tat ").append(frame);
				}
			}
		});
		return (dump.length() == 0) ? "no thread named after " + listener : dump.toString();
	}

	/**
	 * The kernel's view of the TCP connections on {@code port} ({@code ss -tnmi}: queues, socket
	 * memory, drops, retransmissions and backoff), for a failure message; empty where there is no
	 * {@code ss}. It tells a connection netlab stopped reading from one TCP itself has stalled.
	 */
	static String kernelSockets(int port) {
		if (!Files.isExecutable(Path.of("/usr/bin/ss")) && !Files.isExecutable(Path.of("/bin/ss"))) {
			return "";
		}
		try {
			Process ss = new ProcessBuilder("ss", "-tnmi", "( sport = :" + port + " or dport = :" + port + " )")
				.redirectErrorStream(true)
				.start();
			if (!ss.waitFor(5, TimeUnit.SECONDS)) {
				ss.destroyForcibly();
				return "";
			}
			return new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	/** Heap in use after full collections: the smallest of three, to shed what a collection left behind. */
	static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
		}
		return least;
	}

}
