package io.netlab.listener;

import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A raw echo goes back out from the read buffer, uncopied, when it is exactly the frame being
 * delivered, on the thread delivering it (both io modes). Everything else must take the copy and
 * still come back byte-exact: frames cut shorter than the read that brought them, and echoes an
 * impairment releases later from its scheduler's thread, after newer bytes have overwritten the
 * read buffer.
 */
class RawEchoFromReadBufferIntegrationTests extends IntegrationTest {

	private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopPacer() {
		this.pacer.shutdownNow();
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void readsLongerThanTheLargestMessageComeBackWhole(String io) throws Exception {
		int port = this.api.createListener("""
				{"name": "cut-%s", "io": "%s", "framing": "raw", "limits": {"maxMessageBytes": 100}}"""
			.formatted(io, io));
		try (Socket socket = Sockets.connect(port)) {
			for (int i = 0; i < 20; i++) {
				byte[] chunk = Sockets.bytes(1000, i);
				Sockets.write(socket, chunk);
				assertThat(Sockets.readExactly(socket, chunk.length)).as("chunk %d", i).isEqualTo(chunk);
			}
		}
		assertThat(this.api.get("/api/listeners/cut-" + io).json().path("stats").path("messagesReceived").asLong())
			.as("frames of at most 100 bytes").isGreaterThanOrEqualTo(200);
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void echoesReleasedLaterFromAnotherThreadCarryTheirOwnBytes(String io) throws Exception {
		int port = this.api.createListener("""
				{"name": "later-%s", "io": "%s", "framing": "raw", "limits": {"maxMessageBytes": 100},
				 "impairments": [{"type": "latency", "attributes": {"latency": 60}}]}""".formatted(io, io));
		int chunks = 10;
		byte[][] sent = new byte[chunks][];
		try (Socket socket = Sockets.connect(port)) {
			for (int i = 0; i < chunks; i++) {
				// a chunk that is one whole frame, then one cut into three: while the first waits,
				// the second's read overwrites the buffer without being a frame that could go uncopied
				byte[] chunk = Sockets.bytes((i % 2 == 0) ? 100 : 300, 100 + i);
				sent[i] = chunk;
				// 10 ms apart: each chunk is its own read, made while the earlier ones still wait
				this.pacer.schedule(() -> Sockets.write(socket, chunk), 10L * i, TimeUnit.MILLISECONDS);
			}
			byte[] all = Sockets.concat(sent);
			assertThat(Sockets.readExactly(socket, all.length)).isEqualTo(all);
		}
		var listener = this.api.get("/api/listeners/later-" + io).json();
		assertThat(listener.path("impairmentActions").path("latency_downstream").asLong()).as("every echo was held back")
			.isEqualTo(listener.path("stats").path("messagesReceived").asLong())
			.isGreaterThanOrEqualTo(chunks);
	}

}
