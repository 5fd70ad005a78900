package io.netlab.listener;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * UDP listeners over real datagram sockets.
 */
class UdpListenerIntegrationTests extends IntegrationTest {

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 1, 1400, 60000 })
	void echoReturnsExactlyTheDatagramReceived(int size) throws Exception {
		int port = this.api.createListener("""
				{"name": "udp-%d", "protocol": "udp", "port": 0}""".formatted(size));
		byte[] payload = Sockets.bytes(size, size);
		try (DatagramSocket client = client()) {
			client.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
			DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
			client.receive(reply);
			assertThat(Arrays.copyOf(reply.getData(), reply.getLength())).isEqualTo(payload);
			assertThat(reply.getPort()).as("the reply leaves from the listening port").isEqualTo(port);
		}
		JsonNode stats = this.api.get("/api/listeners/udp-" + size).json().get("stats");
		assertThat(stats.get("bytesReceived").asLong()).isEqualTo(size);
		assertThat(stats.get("bytesSent").asLong()).isEqualTo(size);
	}

	@Test
	void anEmptyDatagramIsEchoedAndEveryAnswerGoesBackToItsOwnSender() throws Exception {
		int port = this.api.createListener("""
				{"name": "udp-senders", "protocol": "udp", "port": 0}""");
		try (DatagramSocket first = client(); DatagramSocket second = client()) {
			first.send(new DatagramPacket(new byte[0], 0, InetAddress.getLoopbackAddress(), port));
			DatagramPacket empty = new DatagramPacket(new byte[16], 16);
			first.receive(empty);
			assertThat(empty.getLength()).isZero();
			for (int i = 0; i < 20; i++) {
				DatagramSocket sender = (i % 2 == 0) ? first : second;
				byte[] payload = Sockets.bytes(10 + i, i);
				sender.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
				DatagramPacket reply = new DatagramPacket(new byte[64], 64);
				sender.receive(reply);
				assertThat(Arrays.copyOf(reply.getData(), reply.getLength())).isEqualTo(payload);
			}
		}
		JsonNode stats = this.api.get("/api/listeners/udp-senders").json().get("stats");
		assertThat(stats.get("messagesSent").asLong()).isEqualTo(21);
	}

	@Test
	void datagramOverTheLimitIsDroppedAndCounted() throws Exception {
		int port = this.api.createListener("""
				{"name": "udp-small", "protocol": "udp", "port": 0, "limits": {"maxMessageBytes": 100}}""");
		try (DatagramSocket client = client()) {
			client.setSoTimeout(500);
			byte[] big = Sockets.bytes(101, 1);
			client.send(new DatagramPacket(big, big.length, InetAddress.getLoopbackAddress(), port));
			assertThatThrownBy(() -> client.receive(new DatagramPacket(new byte[200], 200)))
				.isInstanceOf(SocketTimeoutException.class);
			byte[] small = Sockets.bytes(100, 2);
			client.setSoTimeout(5000);
			client.send(new DatagramPacket(small, small.length, InetAddress.getLoopbackAddress(), port));
			DatagramPacket reply = new DatagramPacket(new byte[200], 200);
			client.receive(reply);
			assertThat(reply.getLength()).isEqualTo(100);
		}
		assertThat(this.api.get("/api/listeners/udp-small").json().get("stats").get("datagramsDropped").asLong())
			.isEqualTo(1);
	}

	@Test
	void discardNeverAnswers() throws Exception {
		int port = this.api.createListener("""
				{"name": "udp-discard", "protocol": "udp", "behavior": "discard"}""");
		try (DatagramSocket client = client()) {
			client.setSoTimeout(300);
			client.send(new DatagramPacket(new byte[] { 1, 2, 3 }, 3, InetAddress.getLoopbackAddress(), port));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.api.get("/api/listeners/udp-discard").json().get("stats").get("bytesReceived").asLong(),
						bytes -> bytes == 3);
			assertThatThrownBy(() -> client.receive(new DatagramPacket(new byte[10], 10)))
				.isInstanceOf(SocketTimeoutException.class);
		}
	}

	@Test
	void stoppedUdpListenerReleasesItsPortAndStartRebindsIt() throws Exception {
		int port = this.api.createListener("""
				{"name": "udp-restart", "protocol": "udp"}""");
		this.api.post("/api/listeners/udp-restart/stop");
		try (DatagramSocket squatter = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
			assertThat(squatter.getLocalPort()).isEqualTo(port);
		}
		this.api.put("/api/listeners/udp-restart", """
				{"protocol": "udp", "port": %d}""".formatted(port));
		assertThat(this.api.post("/api/listeners/udp-restart/start").json().get("boundPort").asInt()).isEqualTo(port);
		try (DatagramSocket client = client()) {
			client.send(new DatagramPacket(new byte[] { 9 }, 1, InetAddress.getLoopbackAddress(), port));
			DatagramPacket reply = new DatagramPacket(new byte[10], 10);
			client.receive(reply);
			assertThat(reply.getLength()).isEqualTo(1);
		}
	}

	private static DatagramSocket client() throws Exception {
		DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
		socket.setSoTimeout(5000);
		return socket;
	}

}
