package io.netlab.listener;

import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import io.netlab.support.Api;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Netlab;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Allow/deny rules and per-source limits, for TCP at accept and for UDP per datagram.
 */
class AccessRulesIntegrationTests extends IntegrationTest {

	@Test
	void deniedSourceIsClosedAtOnceAndCounted() throws Exception {
		int port = this.api.createListener("""
				{"name": "deny-me", "framing": "line", "access": {"deny": ["127.0.0.0/8"]}}""");
		try (Socket socket = Sockets.connect(port)) {
			assertThat(Sockets.closedByPeer(socket)).isTrue();
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode stats = stats("deny-me");
			assertThat(stats.get("connectionsRejectedByReason").get("denied").asLong()).isEqualTo(1);
			assertThat(stats.get("connectionsClosed").get("denied").asLong()).isEqualTo(1);
			assertThat(stats.get("messagesReceived").asLong()).isZero();
		});
	}

	@Test
	void denyWinsOverAllowAndAnAllowListShutsOutEveryoneElse() throws Exception {
		int both = this.api.createListener("""
				{"name": "deny-wins", "access": {"allow": ["127.0.0.1/32"], "deny": ["127.0.0.1"]}}""");
		int other = this.api.createListener("""
				{"name": "allow-ten", "access": {"allow": ["10.0.0.0/8"]}}""");
		try (Socket a = Sockets.connect(both); Socket b = Sockets.connect(other)) {
			assertThat(Sockets.closedByPeer(a)).isTrue();
			assertThat(Sockets.closedByPeer(b)).isTrue();
		}
	}

	@Test
	void ipv6RuleDoesNotMatchAnIpv4Client() throws Exception {
		Assumptions.assumeTrue(Netlab.hasIpv6Loopback(), "this machine has no IPv6 loopback (::1)");
		int port = this.api.createListener("""
				{"name": "six-only", "bindAddress": "::", "framing": "line", "access": {"allow": ["::1/128"]}}""");
		try (Socket v6 = Sockets.connect("::1", port)) {
			Sockets.write(v6, "hello\n");
			assertThat(Sockets.readExactlyText(v6, 6)).isEqualTo("hello\n");
		}
		try (Socket v4 = Sockets.connect("127.0.0.1", port)) {
			assertThat(Sockets.closedByPeer(v4)).isTrue();
		}
	}

	@Test
	void changingTheRulesOfARunningListenerAppliesToNewConnectionsWithoutARestart() throws Exception {
		int port = this.api.createListener("{\"name\": \"live-rules\", \"framing\": \"line\"}");
		try (Socket before = Sockets.connect(port)) {
			echoes(before, "one");
			JsonNode changed = this.api.put("/api/listeners/live-rules", """
					{"framing": "line", "access": {"deny": ["127.0.0.1/32"]}}""").json();
			assertThat(changed.get("access").get("deny").get(0).asText()).isEqualTo("127.0.0.1/32");
			assertThat(changed.get("boundPort").asInt()).isEqualTo(port);
			try (Socket after = Sockets.connect(port)) {
				assertThat(Sockets.closedByPeer(after)).isTrue();
			}
			echoes(before, "still open: no restart happened");
		}
		assertThat(stats("live-rules").get("connectionsTotal").asLong()).isEqualTo(2);
	}

	@Test
	void connectionsPerSourceAreLimited() throws Exception {
		int port = this.api.createListener("""
				{"name": "per-source", "framing": "line", "limits": {"maxConnectionsPerSource": 2}}""");
		try (Socket a = Sockets.connect(port); Socket b = Sockets.connect(port)) {
			echoes(a, "a");
			echoes(b, "b");
			try (Socket c = Sockets.connect(port)) {
				assertThat(Sockets.closedByPeer(c)).isTrue();
			}
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(stats("per-source").get("connectionsActive").asInt()).isZero());
		try (Socket again = Sockets.connect(port)) {
			echoes(again, "a slot is free again");
		}
	}

	@Test
	void udpDatagramFromADeniedSourceIsDropped() throws Exception {
		int port = this.api.createListener("""
				{"name": "udp-deny", "protocol": "udp", "access": {"deny": ["127.0.0.0/8"]}}""");
		try (DatagramSocket client = client(0)) {
			send(client, port, "x");
			assertThatThrownBy(() -> client.receive(new DatagramPacket(new byte[10], 10)))
				.isInstanceOf(SocketTimeoutException.class);
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(
				() -> assertThat(stats("udp-deny").get("datagramsDroppedByReason").get("denied").asLong()).isEqualTo(1));
	}

	@Test
	void udpEchoNeverAnswersAReflectorPort() throws Exception {
		int port = this.api.createListener("{\"name\": \"udp-reflect\", \"protocol\": \"udp\"}");
		DatagramSocket chargen;
		try {
			chargen = client(19);
		}
		catch (BindException ex) {
			Assumptions.abort("binding source port 19 needs root or CAP_NET_BIND_SERVICE: " + ex.getMessage());
			return;
		}
		try (DatagramSocket socket = chargen) {
			send(socket, port, "loop?");
			assertThatThrownBy(() -> socket.receive(new DatagramPacket(new byte[10], 10)))
				.isInstanceOf(SocketTimeoutException.class);
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				stats("udp-reflect").get("datagramsDroppedByReason").get("reflector").asLong()).isEqualTo(1));
	}

	@Test
	void udpDatagramsOverThePerSourceRateAreDropped() throws Exception {
		int port = this.api.createListener("""
				{"name": "udp-rate", "protocol": "udp", "limits": {"maxDatagramsPerSecondPerSource": 5}}""");
		try (DatagramSocket client = client(0)) {
			for (int i = 0; i < 50; i++) {
				send(client, port, "burst");
			}
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode stats = stats("udp-rate");
			long answered = stats.get("messagesSent").asLong();
			long dropped = stats.get("datagramsDroppedByReason").get("rate").asLong();
			assertThat(answered + dropped).isEqualTo(50);
			assertThat(answered).isBetween(5L, 10L);
		});
	}

	@Test
	void malformedCidrIs400() {
		Api.Response response = this.api.post("/api/listeners", """
				{"name": "bad-cidr", "access": {"allow": ["10.0.0.0/33", "example.com"]}}""");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("access.allow[0]",
				"access.allow[1]");
	}

	private JsonNode stats(String name) {
		return this.api.get("/api/listeners/" + name).json().get("stats");
	}

	private static void echoes(Socket socket, String line) {
		Sockets.write(socket, line + "\n");
		assertThat(Sockets.readExactlyText(socket, line.length() + 1)).isEqualTo(line + "\n");
	}

	private static DatagramSocket client(int port) throws Exception {
		DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		socket.setSoTimeout(500);
		return socket;
	}

	private static void send(DatagramSocket client, int port, String text) throws Exception {
		byte[] bytes = text.getBytes();
		client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
	}

}
