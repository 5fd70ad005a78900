package io.netlab.hardening;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that do not speak the listener's framing at all: random bytes (a fuzzer, a port
 * scanner, the wrong program), some closing politely and some resetting, and a client that
 * half-closes in the middle of a frame. None of them may hang, kill or leak a connection.
 */
@Tag("adversarial")
class GarbageIntegrationTests extends IntegrationTest {

	private static final int CLIENTS = 10;

	@ParameterizedTest(name = "{0}, io {1}")
	@CsvSource({ "raw, nio", "line, nio", "crlf, nio", "stx-etx, nio", "length-prefix, nio", "line, blocking",
			"stx-etx, blocking", "length-prefix, blocking", "raw, blocking" })
	void randomBytesNeitherHangNorLeakConnections(String framing, String io) {
		String name = "garbage-" + framing + "-" + io;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "%s", "limits": {"maxMessageBytes": 4096}}"""
			.formatted(name, io, framing));
		Random random = new Random(framing.hashCode() * 31L + io.hashCode());
		for (int i = 0; i < CLIENTS; i++) {
			byte[] garbage = new byte[32 * 1024];
			random.nextBytes(garbage);
			Socket socket = Clients.plain(port, 2000);
			try {
				socket.getOutputStream().write(garbage);
			}
			catch (IOException ex) {
				// the server closed on the first bad frame, before all of it was sent: allowed
			}
			finally {
				if (i % 2 == 0) {
					Clients.reset(socket);
				}
				else {
					closeQuietly(socket);
				}
			}
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Aftermath.activeConnections(this.api, name))
				.as("connections of garbage clients still open")
				.isZero());
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void halfCloseInTheMiddleOfAFrameEndsTheConnection(String io) throws Exception {
		String name = "half-frame-" + io;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "line"}""".formatted(name, io));
		try (Socket socket = Clients.plain(port, 5000)) {
			Sockets.write(socket, "whole\nhalf of a li");
			socket.shutdownOutput();
			// the whole frame comes back; the half one never completes, so the server ends too
			assertThat(new String(Sockets.readToEof(socket), StandardCharsets.US_ASCII))
				.isEqualTo("whole\n");
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Aftermath.activeConnections(this.api, name)).isZero());
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing left to close
		}
	}

}
