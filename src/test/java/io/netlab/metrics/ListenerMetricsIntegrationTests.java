package io.netlab.metrics;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Prometheus;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listener meters as Prometheus scrapes them, checked against traffic sent over real sockets.
 */
class ListenerMetricsIntegrationTests extends IntegrationTest {

	@Test
	void countersMatchWhatWasSentToTheByte() throws Exception {
		int port = this.api.createListener("{\"name\": \"m-bytes\", \"framing\": \"line\"}");
		try (Socket socket = Sockets.connect(port)) {
			for (int i = 0; i < 10; i++) {
				Sockets.write(socket, "message-" + i + "\n");
				Sockets.readExactly(socket, 10);
			}
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			String scrape = scrape();
			assertThat(sample(scrape, "netlab_received_bytes_total", "m-bytes")).isEqualTo(90.0);
			assertThat(sample(scrape, "netlab_sent_bytes_total", "m-bytes")).isEqualTo(90.0);
			assertThat(sample(scrape, "netlab_messages_received_total", "m-bytes")).isEqualTo(10.0);
			assertThat(sample(scrape, "netlab_messages_sent_total", "m-bytes")).isEqualTo(10.0);
			assertThat(sample(scrape, "netlab_connections_opened_total", "m-bytes")).isEqualTo(1.0);
			assertThat(Prometheus.sample(scrape, "netlab_connections_closed_total", "listener=\"m-bytes\"",
					"reason=\"client\"")).isEqualTo(1.0);
			assertThat(sample(scrape, "netlab_listener_up", "m-bytes")).isEqualTo(1.0);
		});
	}

	@Test
	void activeConnectionsGoUpAndBackDown() throws Exception {
		int port = this.api.createListener("{\"name\": \"m-active\"}");
		Socket first = Sockets.connect(port);
		Socket second = Sockets.connect(port);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(sample(scrape(), "netlab_connections_active", "m-active")).isEqualTo(2.0));
		first.close();
		second.close();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(sample(scrape(), "netlab_connections_active", "m-active")).isZero());
	}

	@Test
	void closeReasonsAreCountedForIdleOversizeAndLimit() throws Exception {
		int port = this.api.createListener("""
				{"name": "m-reasons", "framing": "line",
				 "limits": {"maxConnections": 1, "maxMessageBytes": 8, "idleTimeoutMs": 300}}""");
		try (Socket idle = Sockets.connect(port)) {
			assertThat(Sockets.closedByPeer(idle)).isTrue();
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(sample(scrape(), "netlab_connections_active", "m-reasons")).isZero());
		try (Socket oversize = Sockets.connect(port)) {
			Sockets.write(oversize, "far too long for the limit\n");
			assertThat(Sockets.closedByPeer(oversize)).isTrue();
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(sample(scrape(), "netlab_connections_active", "m-reasons")).isZero());
		try (Socket kept = Sockets.connect(port); Socket rejected = Sockets.connect(port)) {
			assertThat(Sockets.closedByPeer(rejected)).isTrue();
			kept.setSoTimeout(100);
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			String scrape = scrape();
			assertThat(reason(scrape, "m-reasons", "idle")).isGreaterThanOrEqualTo(1.0);
			assertThat(reason(scrape, "m-reasons", "frame-too-large")).isEqualTo(1.0);
			assertThat(reason(scrape, "m-reasons", "limit")).isEqualTo(1.0);
			assertThat(Prometheus.sample(scrape, "netlab_connections_rejected_total", "listener=\"m-reasons\"",
					"reason=\"limit\"")).isEqualTo(1.0);
		});
	}

	@Test
	void udpDatagramsAreMessagesAndOversizedOnesAreDropped() throws Exception {
		int port = this.api.createListener("""
				{"name": "m-udp", "protocol": "udp", "limits": {"maxMessageBytes": 10}}""");
		try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			client.setSoTimeout(5000);
			client.send(new DatagramPacket(new byte[5], 5, InetAddress.getLoopbackAddress(), port));
			client.receive(new DatagramPacket(new byte[64], 64));
			client.send(new DatagramPacket(new byte[50], 50, InetAddress.getLoopbackAddress(), port));
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			String scrape = scrape();
			assertThat(sample(scrape, "netlab_messages_received_total", "m-udp")).isEqualTo(1.0);
			assertThat(sample(scrape, "netlab_received_bytes_total", "m-udp")).isEqualTo(5.0);
			assertThat(Prometheus.sample(scrape, "netlab_datagrams_dropped_total", "listener=\"m-udp\"",
					"reason=\"oversize\"", "protocol=\"udp\"")).isEqualTo(1.0);
		});
	}

	@Test
	void metersOfADeletedListenerDisappearAndAStoppedOneIsDown() {
		this.api.createListener("{\"name\": \"m-gone\"}");
		assertThat(scrape()).contains("listener=\"m-gone\"");
		this.api.post("/api/listeners/m-gone/stop");
		assertThat(sample(scrape(), "netlab_listener_up", "m-gone")).isZero();
		this.api.delete("/api/listeners/m-gone");
		assertThat(scrape()).doesNotContain("listener=\"m-gone\"");
	}

	@Test
	void healthHasOneComponentPerListenerAndAStoppedListenerDoesNotMakeTheServiceDown() {
		this.api.createListener("{\"name\": \"h-stopped\"}");
		this.api.post("/api/listeners/h-stopped/stop");
		JsonNode health = this.api.get("/actuator/health").json();
		assertThat(health.get("status").asText()).isEqualTo("UP");
		JsonNode listeners = health.get("components").get("listeners").get("components");
		assertThat(listeners.get("cfg-echo").get("status").asText()).isEqualTo("UP");
		assertThat(listeners.get("h-stopped").get("status").asText()).isEqualTo("UNKNOWN");
		assertThat(listeners.get("h-stopped").get("details").get("state").asText()).isEqualTo("STOPPED");
		JsonNode readiness = this.api.get("/actuator/health/readiness").json();
		assertThat(readiness.get("status").asText()).isEqualTo("UP");
		assertThat(readiness.get("components").get("configListeners").get("details").get("cfg-echo").asText())
			.isEqualTo("UP");
	}

	@Test
	void infoShowsTheBuildAndTheListenerCount() {
		JsonNode info = this.api.get("/actuator/info").json();
		assertThat(info.get("listeners").get("total").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(info.get("build").get("version").asText()).isNotBlank();
		assertThat(info.get("build").get("time").asText()).isNotBlank();
	}

	@Test
	void onlyTheSafeActuatorEndpointsAreExposed() {
		assertThat(this.api.get("/actuator/heapdump").status()).isEqualTo(404);
		assertThat(this.api.post("/actuator/shutdown").status()).isIn(404, 405);
		JsonNode env = this.api.get("/actuator/env").json();
		assertThat(env.toString()).doesNotContain("\"value\":\"" + this.httpPort + "\"");
	}

	private String scrape() {
		return this.api.get("/actuator/prometheus").body();
	}

	private static Double sample(String scrape, String name, String listener) {
		return Prometheus.sample(scrape, name, "listener=\"" + listener + "\"");
	}

	private static Double reason(String scrape, String listener, String reason) {
		return Prometheus.sample(scrape, "netlab_connections_closed_total", "listener=\"" + listener + "\"",
				"reason=\"" + reason + "\"");
	}

}
