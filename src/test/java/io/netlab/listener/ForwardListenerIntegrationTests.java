package io.netlab.listener;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Forward listeners relay TCP to a real upstream, one upstream connection per client, through
 * their impairments; an upstream that is down closes the client with a reason, and the
 * probes' target policy applies to the upstream.
 */
class ForwardListenerIntegrationTests extends IntegrationTest {

	@Test
	void twoClientsAtOnceEachGetTheirOwnRelay() throws IOException {
		int upstream = this.api.createListener("{\"name\": \"fwd-up\"}");
		int port = this.api.createListener(
				"{\"name\": \"fwd\", \"behavior\": \"forward\", \"upstream\": \"127.0.0.1:" + upstream + "\"}");
		try (Socket a = Sockets.connect(port); Socket b = Sockets.connect(port)) {
			Sockets.write(a, "from a");
			Sockets.write(b, "from b, longer");
			assertThat(Sockets.readExactlyText(b, 14)).isEqualTo("from b, longer");
			assertThat(Sockets.readExactlyText(a, 6)).isEqualTo("from a");
			assertThat(this.api.get("/api/listeners/fwd/connections").json())
				.hasSize(2)
				.allSatisfy(connection -> assertThat(connection.get("upstream").asText())
					.startsWith("127.0.0.1:")
					.endsWith(" -> 127.0.0.1:" + upstream));
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			var stats = this.api.get("/api/listeners/fwd").json().get("stats");
			assertThat(stats.get("bytesReceived").asLong()).isEqualTo(20);
			assertThat(stats.get("bytesSent").asLong()).isEqualTo(20);
			assertThat(this.api.get("/api/listeners/fwd-up").json().get("stats").get("connectionsTotal").asLong())
				.isEqualTo(2);
		});
	}

	@org.junit.jupiter.params.ParameterizedTest(name = "io {0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = { "nio", "blocking" })
	void aClientsHalfCloseReachesTheUpstreamAndItsAnswerStillComesBack(String io) throws Exception {
		try (ServerSocket upstream = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			int port = this.api.createListener("{\"name\": \"fwd-half-" + io + "\", \"io\": \"" + io
					+ "\", \"behavior\": \"forward\", \"upstream\": \"127.0.0.1:" + upstream.getLocalPort() + "\"}");
			// an upstream that answers only once its client has said everything (reads to EOF)
			java.util.concurrent.CompletableFuture<Void> served = java.util.concurrent.CompletableFuture.runAsync(() -> {
				try (Socket accepted = upstream.accept()) {
					accepted.setSoTimeout(5000);
					int length = accepted.getInputStream().readAllBytes().length;
					accepted.getOutputStream().write(("got " + length + " bytes").getBytes());
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			try (Socket client = Sockets.connect(port)) {
				Sockets.write(client, "request");
				client.shutdownOutput();
				assertThat(new String(Sockets.readToEof(client))).isEqualTo("got 7 bytes");
			}
			served.get(10, java.util.concurrent.TimeUnit.SECONDS);
		}
	}

	@Test
	void impairmentsActOnTheRelayedStreams() throws IOException {
		int upstream = this.api.createListener("{\"name\": \"fwd-up2\"}");
		int port = this.api.createListener("{\"name\": \"fwd-slow\", \"behavior\": \"forward\", \"upstream\": \"127.0.0.1:"
				+ upstream + "\", \"impairments\": [{\"type\": \"latency\", \"attributes\": {\"latency\": 200}},"
				+ "{\"type\": \"latency\", \"stream\": \"upstream\", \"attributes\": {\"latency\": 100}}]}");
		try (Socket socket = Sockets.connect(port)) {
			long start = System.nanoTime();
			Sockets.write(socket, "ping");
			assertThat(Sockets.readExactlyText(socket, 4)).isEqualTo("ping");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
		}
	}

	@Test
	void anUpstreamThatIsDownClosesTheClientWithUpstreamRefused() throws IOException {
		int closedPort;
		try (ServerSocket free = new ServerSocket(0)) {
			closedPort = free.getLocalPort();
		}
		int port = this.api.createListener(
				"{\"name\": \"fwd-down\", \"behavior\": \"forward\", \"upstream\": \"127.0.0.1:" + closedPort + "\"}");
		try (Socket socket = Sockets.connect(port)) {
			assertThat(Sockets.closedByPeer(socket)).isTrue();
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.api.get("/api/listeners/fwd-down").json().get("stats").get("connectionsClosed")
				.get("upstream-refused").asLong() == 1);
	}

	@Test
	void slowCloseHoldsBackTheCloseOfAnUpstreamThatHungUp() throws Exception {
		try (ServerSocket hangUp = new ServerSocket(0)) {
			Thread acceptor = new Thread(() -> {
				try (Socket accepted = hangUp.accept()) {
					// closed at once: the upstream hangs up
				}
				catch (IOException ex) {
					// the test fails on its own assertions
				}
			});
			acceptor.start();
			int port = this.api.createListener("{\"name\": \"fwd-slowclose\", \"behavior\": \"forward\", \"upstream\": "
					+ "\"127.0.0.1:" + hangUp.getLocalPort() + "\", \"impairments\": [{\"type\": \"slow_close\", "
					+ "\"attributes\": {\"delay\": 400}}]}");
			long start = System.nanoTime();
			try (Socket socket = Sockets.connect(port)) {
				assertThat(socket.getInputStream().read()).isEqualTo(-1);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(380),
						Duration.ofMillis(3000));
			}
			acceptor.join(5000);
		}
	}

	@Test
	void upstreamTlsSpeaksTlsToTheUpstreamAndVerifiesWhenAsked() throws IOException {
		int tlsEcho = this.api.createListener("{\"name\": \"fwd-tls-up\", \"tls\": {\"enabled\": true}}");
		int lax = this.api.createListener("{\"name\": \"fwd-tls\", \"behavior\": \"forward\", \"upstream\": \"127.0.0.1:"
				+ tlsEcho + "\", \"upstreamTls\": {\"enabled\": true, \"verify\": false}}");
		try (Socket socket = Sockets.connect(lax)) {
			Sockets.write(socket, "plain in, tls out");
			assertThat(Sockets.readExactlyText(socket, 17)).isEqualTo("plain in, tls out");
		}
		// netlab's generated certificate is self-signed: a verifying forward refuses it
		int strict = this.api.createListener("{\"name\": \"fwd-tls-strict\", \"behavior\": \"forward\", "
				+ "\"upstream\": \"127.0.0.1:" + tlsEcho + "\", \"upstreamTls\": {\"enabled\": true}}");
		assertThat(this.api.get("/api/listeners/fwd-tls-strict").json().get("upstreamTls").get("verify").asBoolean())
			.isTrue();
		try (Socket socket = Sockets.connect(strict)) {
			assertThat(Sockets.closedByPeer(socket)).isTrue();
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.api.get("/api/listeners/fwd-tls-strict").json().get("stats").get("connectionsClosed")
				.get("tls").asLong() == 1);
	}

	@Test
	void theTargetPolicyOfProbesAppliesToTheUpstream() {
		var metadata = this.api.post("/api/listeners",
				"{\"name\": \"fwd-meta\", \"behavior\": \"forward\", \"upstream\": \"169.254.169.254:80\"}");
		assertThat(metadata.status()).isEqualTo(403);
		assertThat(metadata.contentType()).startsWith("application/problem+json");
		var self = this.api.post("/api/listeners",
				"{\"name\": \"fwd-self\", \"behavior\": \"forward\", \"upstream\": \"127.0.0.1:" + this.httpPort + "\"}");
		assertThat(self.status()).isEqualTo(403);
		assertThat(self.body()).contains("own HTTP port");
		assertThat(this.api.post("/api/listeners", "{\"name\": \"fwd-bad\", \"behavior\": \"forward\"}").body())
			.contains("\"field\":\"upstream\"");
		assertThat(this.api.get("/api/listeners/fwd-meta").status()).isEqualTo(404);
	}

}
