package io.netlab.hardening;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 4 of issue 11: with no limit on the time to assemble one frame and no idle timeout by
 * default, a client that trickles a frame a byte at a time (slowloris), or says nothing at all,
 * held its connection forever. {@code limits.frameTimeoutMs} (default 30 s) closes a started
 * frame not complete in time as {@code frame-timeout}; {@code limits.idleTimeoutMs} (default
 * 300 s) closes a silent connection as {@code idle}.
 */
@Tag("adversarial")
class SlowlorisIntegrationTests extends IntegrationTest {

	private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopPacer() {
		this.pacer.shutdownNow();
	}

	@ParameterizedTest(name = "{0}, io {1}, tls {2}")
	@CsvSource({ "line, nio, false", "line, blocking, false", "length-prefix, nio, false", "line, nio, true" })
	void clientTricklingOneByteEvery100MsIsClosedAfterTheFrameTimeout(String framing, String io, boolean tls)
			throws Exception {
		String name = "slowloris-" + framing + "-" + io + (tls ? "-tls" : "");
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "%s", "tls": {"enabled": %s},
				 "limits": {"frameTimeoutMs": 500, "idleTimeoutMs": 60000}}""".formatted(name, io, framing, tls));
		try (Socket socket = Clients.open(port, tls, 3000)) {
			if (framing.equals("length-prefix")) {
				// the header of a 100-byte frame; the trickle below never completes it
				Sockets.write(socket, Clients.lengthHeader(4, 100));
			}
			Duration took = Aftermath.assertServerClosesFor(this.api, this.httpPort, name, "frame-timeout", socket,
					() -> this.pacer.scheduleAtFixedRate(() -> trickle(socket), 0, 100, TimeUnit.MILLISECONDS));
			assertThat(took).as("closed after the frame timeout, not before").isGreaterThanOrEqualTo(Duration.ofMillis(400));
		}
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void silentClientIsClosedAfterTheIdleTimeout(String io) throws Exception {
		String name = "silent-" + io;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "line", "limits": {"idleTimeoutMs": 500, "frameTimeoutMs": 60000}}"""
			.formatted(name, io));
		try (Socket socket = Clients.plain(port, 3000)) {
			Aftermath.assertServerClosesFor(this.api, this.httpPort, name, "idle", socket, () -> {
				// not a byte: the idle timeout alone must end it
			});
		}
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void slowButSteadyClientCompletingEachFrameInTimeStaysOpenPastBothTimeouts(String io) throws Exception {
		String name = "steady-" + io;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "line", "limits": {"frameTimeoutMs": 1000, "idleTimeoutMs": 1000}}"""
			.formatted(name, io));
		try (Socket socket = Clients.plain(port, 3000)) {
			long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
			// each line in three pieces a 100 ms apart: a partial frame is pending most of the time,
			// yet every frame completes in 200 ms, and the connection is never silent for 1 s (the
			// margin is for a loaded machine, where a piece may come hundreds of ms late)
			for (int i = 0; System.nanoTime() - until < 0; i++) {
				String line = "line-" + i;
				writeLater(socket, line.substring(0, 2), 0);
				writeLater(socket, line.substring(2), 100);
				writeLater(socket, "\n", 200);
				assertThat(Sockets.readExactlyText(socket, line.length() + 1)).isEqualTo(line + "\n");
			}
		}
		assertThat(this.api.get("/api/listeners/" + name).json().path("stats").path("connectionsClosed").path("client")
			.asLong()).as("closed by the client only, at the end").isEqualTo(1);
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	private void writeLater(Socket socket, String text, long delayMs) {
		this.pacer.schedule(() -> trickleText(socket, text), delayMs, TimeUnit.MILLISECONDS);
	}

	private static void trickle(Socket socket) {
		trickleText(socket, "a");
	}

	/** A write of the pacer's: once the server closed, a failed write is expected and ignored. */
	private static void trickleText(Socket socket, String text) {
		try {
			socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			// the server closed the connection: what the test waits for
		}
	}

}
