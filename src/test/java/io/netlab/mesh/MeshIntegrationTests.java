package io.netlab.mesh;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netlab.support.Api;
import io.netlab.support.ChildNetlab;
import io.netlab.support.Prometheus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three netlabs in JVMs of their own on 127.0.0.1, .2 and .3 (the same ports on each, as pods
 * of a DaemonSet), meshed by a static peer list: every path comes up; one netlab killed is
 * reported down by the two others within two intervals, and up again once it is back.
 */
class MeshIntegrationTests {

	private static final Duration INTERVAL = Duration.ofSeconds(2);

	private static final Duration START = Duration.ofSeconds(120);

	private static final List<String> NODES = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

	private final List<ChildNetlab> netlabs = new ArrayList<>();

	@AfterEach
	void stopNetlabs() {
		this.netlabs.forEach(ChildNetlab::close);
	}

	@Test
	void aKilledPeerIsReportedDownWithinTwoIntervalsAndUpAgainAfterItsRestart(@TempDir Path dir) throws IOException {
		int http = freePort();
		int echo = freePort();
		int tls = freePort();
		for (String node : NODES) {
			this.netlabs.add(netlab(node, http, echo, tls, dir).start());
		}
		this.netlabs.forEach(netlab -> netlab.awaitReady(START));
		Api first = this.netlabs.get(0).api();
		Api second = this.netlabs.get(1).api();

		for (ChildNetlab netlab : this.netlabs) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(states(netlab.api())).as(netlab.log()).hasSize(6).allMatch("UP"::equals));
		}
		String metrics = first.get("/actuator/prometheus").body();
		assertThat(Prometheus.sample(metrics, "netlab_mesh_peer_up", "node=\"127.0.0.1\"", "peer=\"127.0.0.3\"",
				"protocol=\"udp\"")).isEqualTo(1);
		assertThat(Prometheus.sample(metrics, "netlab_mesh_udp_loss_ratio", "peer=\"127.0.0.2\"")).isZero();
		assertThat(metrics).contains("netlab_mesh_rtt_seconds_bucket{node=\"127.0.0.1\",peer=\"127.0.0.2\",protocol=\"tls\"")
			.contains("netlab_mesh_udp_jitter_seconds{node=\"127.0.0.1\",peer=\"127.0.0.3\"}");

		long killedAt = System.nanoTime();
		this.netlabs.get(2).kill();
		for (Api api : List.of(first, second)) {
			await().atMost(INTERVAL.multipliedBy(2))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> state(api, "127.0.0.3", "tcp"), "DOWN"::equals);
		}
		long downAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
		assertThat(downAfterMs).isLessThanOrEqualTo(INTERVAL.multipliedBy(2).toMillis());
		for (Api api : List.of(first, second)) {
			await().atMost(INTERVAL.multipliedBy(2))
				.until(() -> List.of(state(api, "127.0.0.3", "udp"), state(api, "127.0.0.3", "tls")),
						s -> s.stream().allMatch("DOWN"::equals));
		}
		assertThat(state(first, "127.0.0.2", "tcp")).isEqualTo("UP");
		assertThat(state(second, "127.0.0.1", "tcp")).isEqualTo("UP");
		assertThat(events(first, "MeshPeerDown")).contains("127.0.0.3 tcp", "127.0.0.3 udp", "127.0.0.3 tls");
		assertThat(Prometheus.sample(first.get("/actuator/prometheus").body(), "netlab_mesh_peer_up", "peer=\"127.0.0.3\"",
				"protocol=\"tcp\"")).isZero();
		System.out.println("mesh: peer reported down " + downAfterMs + " ms after the kill (interval " + INTERVAL.toMillis()
				+ " ms)");

		this.netlabs.set(2, netlab(NODES.get(2), http, echo, tls, dir).start().awaitReady(START));
		for (Api api : List.of(first, second)) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> List.of(state(api, "127.0.0.3", "tcp"), state(api, "127.0.0.3", "udp"),
						state(api, "127.0.0.3", "tls")), s -> s.stream().allMatch("UP"::equals));
		}
		assertThat(events(second, "MeshPeerUp")).containsSubsequence("127.0.0.3 tcp", "127.0.0.3 tcp");
	}

	private static ChildNetlab netlab(String node, int http, int echo, int tls, Path dir) {
		return new ChildNetlab(node, http, dir.resolve(node), List.of("--netlab.listeners[0].name=tcp-echo",
				"--netlab.listeners[0].port=" + echo, "--netlab.listeners[0].bind-address=" + node,
				"--netlab.listeners[1].name=udp-echo", "--netlab.listeners[1].protocol=udp",
				"--netlab.listeners[1].port=" + echo, "--netlab.listeners[1].bind-address=" + node,
				"--netlab.listeners[2].name=tls-echo", "--netlab.listeners[2].port=" + tls,
				"--netlab.listeners[2].bind-address=" + node, "--netlab.listeners[2].tls.enabled=true",
				"--netlab.mesh.enabled=true", "--netlab.mesh.peers=" + String.join(",", NODES), "--netlab.mesh.self=" + node,
				"--netlab.mesh.interval=" + INTERVAL.toMillis() + "ms", "--netlab.mesh.timeout=1s",
				"--netlab.mesh.tcp-port=" + echo, "--netlab.mesh.udp-port=" + echo, "--netlab.mesh.tls-port=" + tls));
	}

	/** Every path's state this netlab reports, over all its peers. */
	private static List<String> states(Api api) {
		List<String> states = new ArrayList<>();
		for (JsonNode peer : api.get("/api/mesh").json().path("peers")) {
			peer.path("paths").forEach(path -> states.add(path.path("state").asString()));
		}
		return states;
	}

	private static String state(Api api, String peer, String protocol) {
		for (JsonNode row : api.get("/api/mesh").json().path("peers")) {
			if (row.path("peer").asString().equals(peer)) {
				return row.path("paths").path(protocol).path("state").asString();
			}
		}
		return "ABSENT";
	}

	private static List<String> events(Api api, String type) {
		return api.get("/api/events?type=" + type)
			.json()
			.valueStream()
			.map(e -> e.path("peer").asString() + " " + e.path("protocol").asString())
			.toList();
	}

	/** A port free for TCP and UDP on every node address, so each netlab can bind it. */
	private static int freePort() throws IOException {
		while (true) {
			int port;
			try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
				port = probe.getLocalPort();
			}
			if (freeEverywhere(port)) {
				return port;
			}
		}
	}

	private static boolean freeEverywhere(int port) {
		for (String node : NODES) {
			try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getByName(node));
					DatagramSocket udp = new DatagramSocket(new InetSocketAddress(node, port))) {
				// both free on this address
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

}
