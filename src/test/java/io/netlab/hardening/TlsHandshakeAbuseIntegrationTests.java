package io.netlab.hardening;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that break off or corrupt the TLS handshake: a reset right after connecting, half a
 * ClientHello then a reset, a record header announcing the largest record then silence, and
 * random bytes. Each must cost the listener one connection that is closed (within the
 * handshake timeout at most), never a loop, a thread or a leaked connection.
 */
@Tag("adversarial")
class TlsHandshakeAbuseIntegrationTests extends IntegrationTest {

	private static final int ROUNDS = 10;

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void brokenOffAndCorruptHandshakesLeaveTheListenerServing(String io) throws Exception {
		String name = "tls-abuse-" + io;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "line", "tls": {"enabled": true, "handshakeTimeoutMs": 1000}}"""
			.formatted(name, io));
		byte[] hello = clientHello(port);
		byte[] largestRecordHeader = { 0x16, 0x03, 0x03, (byte) 0xff, (byte) 0xff };
		for (int round = 0; round < ROUNDS; round++) {
			Clients.reset(Clients.plain(port, 2000));
			resetAfter(port, Arrays.copyOf(hello, hello.length / 2));
			resetAfter(port, Sockets.concat(largestRecordHeader, Sockets.bytes(100, round)));
			try (Socket silent = Clients.plain(port, 3000)) {
				// the header promises 65535 bytes; only the handshake timeout ends the wait
				Sockets.write(silent, Sockets.concat(largestRecordHeader, Sockets.bytes(100, round)));
				assertThat(Sockets.readToEof(silent)).as("at most an alert, then the close").hasSizeLessThan(64);
			}
			try (Socket random = Clients.plain(port, 3000)) {
				Sockets.write(random, Sockets.bytes(2000, round));
				assertThat(Sockets.readToEof(random)).as("at most an alert, then the close").hasSizeLessThan(64);
			}
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Aftermath.activeConnections(this.api, name))
				.as("connections of broken handshakes still open")
				.isZero());
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	private static void resetAfter(int port, byte[] bytes) {
		Socket socket = Clients.plain(port, 2000);
		try {
			Sockets.write(socket, bytes);
		}
		finally {
			Clients.reset(socket);
		}
	}

	/** The first flight of a real TLS client: its ClientHello record. */
	private static byte[] clientHello(int port) throws Exception {
		SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", port);
		engine.setUseClientMode(true);
		ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
		engine.wrap(ByteBuffer.allocate(0), out);
		out.flip();
		byte[] hello = new byte[out.remaining()];
		out.get(hello);
		return hello;
	}

}
