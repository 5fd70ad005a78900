package io.netlab.hardening;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;

import io.netlab.support.EventFeed;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frame that never ends (a line without its terminator, an STX without ETX), streamed by a
 * client as fast as it can: the server must close the connection once the frame passes
 * {@code limits.maxMessageBytes}, with the reason {@code frame-too-large} (the TCP reason that
 * replaces {@code oversize}), and not buffer the stream.
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
		try (EventFeed feed = EventFeed.open(this.httpPort, "listener=" + name + "&type=ConnectionClosed");
				Socket socket = Clients.open(port, tls, 5000)) {
			long sent = streamWithoutTerminator(socket, "stx-etx".equals(framing));
			assertThat(sent).as("bytes the server took before closing").isLessThan(STREAM_BYTES);
			assertThat(feed.await("ConnectionClosed").get("reason").asText()).isEqualTo("frame-too-large");
		}
		Aftermath.awaitClosedFor(this.api, name, "frame-too-large", 1);
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	/** Send up to 4 MiB without a terminator; returns how much was written before a write failed. */
	private static long streamWithoutTerminator(Socket socket, boolean stx) {
		byte[] chunk = new byte[8192];
		Arrays.fill(chunk, (byte) 'z');
		long sent = 0;
		try {
			OutputStream out = socket.getOutputStream();
			if (stx) {
				out.write(2);
			}
			while (sent < STREAM_BYTES) {
				out.write(chunk);
				sent += chunk.length;
			}
			// everything was taken: the server may still have closed after reading part of it
			return Sockets.closedByPeer(socket) ? sent - 1 : sent;
		}
		catch (IOException ex) {
			return sent;
		}
	}

}
