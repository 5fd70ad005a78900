package io.netlab.impair;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * TCP impairments on an echo listener with Toxiproxy's semantics, each measured on a real
 * socket: latency (both streams), bandwidth, slicer, limit_data, reset_peer, timeout, and
 * changes that reach an open connection.
 */
class TcpImpairmentIntegrationTests extends IntegrationTest {

	private int echo(String name, String io, String impairments) {
		return this.api.createListener("{\"name\": \"" + name + "\", \"io\": \"" + io + "\", \"impairments\": ["
				+ impairments + "]}");
	}

	private static Duration timeEcho(Socket socket, byte[] payload) {
		long start = System.nanoTime();
		Sockets.write(socket, payload);
		assertThat(Sockets.readExactly(socket, payload.length)).isEqualTo(payload);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@ParameterizedTest
	@ValueSource(strings = { "nio", "blocking" })
	void latencyOnBothStreamsAddsUp(String io) throws IOException {
		int port = echo("lat-" + io, io, "{\"type\": \"latency\", \"attributes\": {\"latency\": 150}},"
				+ "{\"type\": \"latency\", \"stream\": \"upstream\", \"attributes\": {\"latency\": 100}}");
		try (Socket socket = Sockets.connect(port)) {
			assertThat(timeEcho(socket, "hello".getBytes())).isBetween(Duration.ofMillis(240), Duration.ofMillis(2000));
			assertThat(timeEcho(socket, "again".getBytes())).isGreaterThanOrEqualTo(Duration.ofMillis(240));
		}
		assertThat(this.api.get("/api/listeners/lat-" + io).json().get("impairmentActions").get("latency_downstream")
			.asLong()).isEqualTo(2);
	}

	@Test
	void bandwidthLimitsTheRate() throws IOException {
		int port = echo("bw", "nio", "{\"type\": \"bandwidth\", \"attributes\": {\"rate\": 10}}");
		try (Socket socket = Sockets.connect(port)) {
			// 20 KB at 10 KB/s: about 2 s
			assertThat(timeEcho(socket, Sockets.bytes(20_000, 1))).isBetween(Duration.ofMillis(1700),
					Duration.ofMillis(4900));
		}
	}

	@Test
	void slicerSendsSmallSlicesApart() throws IOException {
		int port = echo("sliced", "nio",
				"{\"type\": \"slicer\", \"attributes\": {\"average_size\": 10, \"size_variation\": 2, \"delay\": 20000}}");
		try (Socket socket = Sockets.connect(port)) {
			// 100 bytes in about ten slices 20 ms apart
			assertThat(timeEcho(socket, Sockets.bytes(100, 2))).isBetween(Duration.ofMillis(120), Duration.ofMillis(2000));
		}
	}

	@Test
	void limitDataPassesTheLimitThenCloses() throws IOException {
		int port = echo("limited", "nio", "{\"type\": \"limit_data\", \"attributes\": {\"bytes\": 10}}");
		try (Socket socket = Sockets.connect(port)) {
			Sockets.write(socket, Sockets.bytes(30, 3));
			assertThat(Sockets.readToEof(socket)).isEqualTo(java.util.Arrays.copyOf(Sockets.bytes(30, 3), 10));
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.api.get("/api/listeners/limited").json().get("stats").get("connectionsClosed")
				.get("impairment").asLong() == 1);
	}

	@Test
	void resetPeerResetsTheConnectionAfterTheTimeout() throws IOException {
		int port = echo("resetter", "nio", "{\"type\": \"reset_peer\", \"attributes\": {\"timeout\": 100}}");
		try (Socket socket = Sockets.connect(port)) {
			long start = System.nanoTime();
			Sockets.write(socket, "doomed");
			assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketException.class)
				.hasMessageContaining("reset");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
		}
	}

	@Test
	void timeoutSwallowsDataThenCloses() throws IOException {
		int port = echo("timer", "nio", "{\"type\": \"timeout\", \"attributes\": {\"timeout\": 300}}");
		try (Socket socket = Sockets.connect(port)) {
			long start = System.nanoTime();
			Sockets.write(socket, "anyone?");
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
					Duration.ofMillis(3000));
		}
	}

	@Test
	void timeoutZeroHoldsUntilRemovedAndChangesReachTheOpenConnection() throws IOException {
		int port = echo("holder", "nio", "");
		try (Socket socket = Sockets.connect(port)) {
			assertThat(timeEcho(socket, "fast".getBytes())).isLessThan(Duration.ofMillis(500));
			this.api.post("/api/listeners/holder/impairments", "{\"type\": \"timeout\", \"attributes\": {\"timeout\": 0}}");
			socket.setSoTimeout(500);
			Sockets.write(socket, "held");
			assertThat(Sockets.closedByPeer(socket)).isFalse();
			this.api.put("/api/listeners/holder/impairments/timeout_downstream",
					"{\"type\": \"latency\", \"attributes\": {\"latency\": 300}}");
			socket.setSoTimeout(5000);
			assertThat(timeEcho(socket, "slow".getBytes())).isGreaterThanOrEqualTo(Duration.ofMillis(280));
			this.api.delete("/api/listeners/holder/impairments/timeout_downstream");
			assertThat(timeEcho(socket, "fast again".getBytes())).isLessThan(Duration.ofMillis(250));
		}
	}

}
