package io.netlab.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Finding 6 of issue 11: TLS 1.2 lets a client ask for a new handshake at any time, each one
 * costing the server far more than the client (a cheap CPU attack). Client-initiated
 * renegotiation must be refused: the connection is closed, or the renegotiation fails; either
 * way within 5 s, and the listener keeps serving.
 */
@Tag("adversarial")
class TlsRenegotiationIntegrationTests extends IntegrationTest {

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void clientInitiatedRenegotiationIsRefused(String io) throws Exception {
		String name = "reneg-" + io;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "line", "tls": {"enabled": true}}""".formatted(name, io));
		Socket plain = Clients.plain(port, 5000);
		try (SSLSocket socket = Clients.tls(plain, "TLSv1.2")) {
			socket.startHandshake();
			Sockets.write(socket, "before\n");
			assertThat(Sockets.readExactlyText(socket, 7)).isEqualTo("before\n");
			assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
			String outcome = renegotiate(socket);
			assertThat(outcome).as("what came of asking for a second handshake")
				.isNotEqualTo("renegotiated");
		}
		finally {
			Clients.reset(plain);
		}
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	private static boolean secondHandshakeCompleted(AtomicInteger completed) {
		try {
			await().atMost(Duration.ofSeconds(2)).until(() -> completed.get() > 0);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	/**
	 * Ask for a second handshake, then exchange a line: {@code refused} when that fails or the
	 * server closes, {@code ignored} when the line comes back but no second handshake completed,
	 * {@code renegotiated} when it did. A server that answers nothing within 5 s fails the test.
	 */
	private static String renegotiate(SSLSocket socket) {
		AtomicInteger completed = new AtomicInteger();
		socket.addHandshakeCompletedListener(event -> completed.incrementAndGet());
		try {
			socket.startHandshake();
			Sockets.write(socket, "after\n");
			byte[] answer = socket.getInputStream().readNBytes(6);
			if (answer.length < 6) {
				return "refused";
			}
			// the JDK tells of a finished handshake on a thread of its own: give it time to
			return secondHandshakeCompleted(completed) ? "renegotiated" : "ignored";
		}
		catch (SocketTimeoutException ex) {
			return fail("no answer within 5 s after a renegotiation request: the connection hangs", ex);
		}
		catch (IOException | UncheckedIOException ex) {
			return (ex.getCause() instanceof SocketTimeoutException)
					? fail("no answer within 5 s after a renegotiation request: the connection hangs", ex) : "refused";
		}
	}

}
