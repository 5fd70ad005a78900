package io.netlab.hardening;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slowloris one layer down (found in review): after a good handshake, a client trickles the
 * header of a TLS record a byte at a time, so no application byte, and no frame, ever starts.
 * A partial record counts as a frame in progress: {@code frame-timeout}, in both io modes.
 */
@Tag("adversarial")
class TlsRecordTrickleIntegrationTests extends IntegrationTest {

	private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopPacer() {
		this.pacer.shutdownNow();
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void aTlsRecordTrickledAByteAtATimeIsClosedAfterTheFrameTimeout(String io) throws Exception {
		String name = "record-trickle-" + io;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "line", "tls": {"enabled": true},
				 "limits": {"frameTimeoutMs": 500, "idleTimeoutMs": 60000}}""".formatted(name, io));
		try (Socket plain = Clients.plain(port, 3000)) {
			SSLSocket tls = Clients.tls(plain, "TLSv1.3");
			Sockets.write(tls, "hello\n");
			assertThat(Sockets.readExactlyText(tls, 6)).isEqualTo("hello\n");
			// application data record header, announcing 100 bytes, then one byte every 100 ms
			byte[] record = { 23, 3, 3, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
			int[] next = { 0 };
			Duration took = Aftermath.assertServerClosesFor(this.api, this.httpPort, name, "frame-timeout", plain,
					() -> this.pacer.scheduleAtFixedRate(() -> {
						try {
							plain.getOutputStream().write(record[next[0]++ % record.length]);
						}
						catch (Exception ex) {
							// closed by the server: what the test waits for
						}
					}, 0, 100, TimeUnit.MILLISECONDS));
			assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		}
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

}
