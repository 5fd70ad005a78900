package io.netlab.listener;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * UDP forward listeners: a session (an upstream socket) per client, so replies go back to the
 * right client; idle sessions end; impairments act on the relayed datagrams.
 */
class UdpForwardIntegrationTests extends IntegrationTest {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	@Test
	void eachClientHasItsOwnSessionAndAnIdleSessionEnds() throws IOException {
		try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
				DatagramSocket a = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
				DatagramSocket b = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
			upstream.setSoTimeout(3000);
			a.setSoTimeout(3000);
			b.setSoTimeout(3000);
			int port = this.api.createListener("{\"name\": \"ufwd\", \"protocol\": \"udp\", \"behavior\": \"forward\", "
					+ "\"upstream\": \"127.0.0.1:" + upstream.getLocalPort() + "\", \"limits\": {\"udpSessionIdleMs\": 500}}");
			send(a, port, "from a");
			int sessionA = answer(upstream);
			send(b, port, "from b");
			int sessionB = answer(upstream);
			assertThat(sessionB).isNotEqualTo(sessionA);
			assertThat(receive(b)).isEqualTo("re: from b");
			assertThat(receive(a)).isEqualTo("re: from a");
			// once idle longer than udpSessionIdleMs, a's next datagram opens a new session
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1600)).until(() -> {
				send(a, port, "again");
				int session = answer(upstream);
				assertThat(receive(a)).isEqualTo("re: again");
				return session != sessionA;
			});
			assertThat(this.api.get("/api/listeners/ufwd").json().get("limits").get("udpSessionIdleMs").asLong())
				.isEqualTo(500);
		}
	}

	@Test
	void upstreamLossDropsDatagramsOnTheWayToTheUpstream() throws IOException {
		try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
				DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
			upstream.setSoTimeout(300);
			int port = this.api.createListener("{\"name\": \"ufwd-loss\", \"protocol\": \"udp\", \"behavior\": \"forward\", "
					+ "\"upstream\": \"127.0.0.1:" + upstream.getLocalPort() + "\", \"impairments\": [{\"type\": \"loss\", "
					+ "\"stream\": \"upstream\", \"attributes\": {\"probability\": 1}}]}");
			send(client, port, "lost");
			assertThat(tryAnswer(upstream)).isFalse();
			this.api.delete("/api/listeners/ufwd-loss/impairments/loss_upstream");
			send(client, port, "through");
			assertThat(tryAnswer(upstream)).isTrue();
		}
	}

	private static void send(DatagramSocket socket, int port, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		socket.send(new DatagramPacket(bytes, bytes.length, LOOPBACK, port));
	}

	private static String receive(DatagramSocket socket) throws IOException {
		DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
		socket.receive(packet);
		return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
	}

	/** The upstream answers one datagram with "re: " + it; returns the port it came from. */
	private static int answer(DatagramSocket upstream) throws IOException {
		DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
		upstream.receive(packet);
		byte[] reply = ("re: " + new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8))
			.getBytes(StandardCharsets.UTF_8);
		upstream.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
		return packet.getPort();
	}

	private static boolean tryAnswer(DatagramSocket upstream) throws IOException {
		try {
			answer(upstream);
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
	}

}
