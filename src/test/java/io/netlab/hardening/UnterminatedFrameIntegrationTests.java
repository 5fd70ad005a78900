package io.netlab.hardening;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;

import io.netlab.support.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A frame that never ends (a line without its terminator, an STX without ETX), streamed by a
 * client as fast as it can: the server must close the connection once the frame passes
 * {@code limits.maxMessageBytes}, with the reason {@code frame-too-large} (the TCP reason that
 * replaces {@code oversize}).
 */
@Tag("adversarial")
class UnterminatedFrameIntegrationTests extends IntegrationTest {

	private static final int STREAM_BYTES = 4 * 1024 * 1024;

	@ParameterizedTest(name = "{0}, io {1}, tls {2}")
	@CsvSource({ "line, nio, false", "crlf, nio, false", "stx-etx, nio, false", "line, blocking, false",
			"stx-etx, blocking, false", "line, nio, true" })
	void frameThatNeverEndsIsClosedAsFrameTooLarge(String framing, String io, boolean tls) throws Exception {
		String name = "endless-" + framing + "-" + io + (tls ? "-tls" : "");
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "%s", "tls": {"enabled": %s}, "limits": {"maxMessageBytes": 1024}}"""
			.formatted(name, io, framing, tls));
		try (Socket socket = Clients.open(port, tls, 5000)) {
			Aftermath.assertServerClosesFor(this.api, this.httpPort, name, "frame-too-large", socket,
					() -> streamWithoutTerminator(socket, "stx-etx".equals(framing)));
		}
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	/** Send up to 4 MiB without a terminator, or until a write fails because the server closed. */
	private static void streamWithoutTerminator(Socket socket, boolean stx) {
		byte[] chunk = new byte[8192];
		Arrays.fill(chunk, (byte) 'z');
		try {
			OutputStream out = socket.getOutputStream();
			if (stx) {
				out.write(2);
			}
			for (int sent = 0; sent < STREAM_BYTES; sent += chunk.length) {
				out.write(chunk);
			}
		}
		catch (IOException ex) {
			// the server closed the connection: what the test expects
		}
	}

}
