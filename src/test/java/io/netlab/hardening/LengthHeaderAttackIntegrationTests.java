package io.netlab.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finding 1 of issue 11: a length header announcing about 2 GiB, sent after a valid frame by a
 * client that resets at once, made the NIO decoder size a buffer from the header; the
 * {@code OutOfMemoryError} ended the event loop, every connection on it hung, and health
 * still said UP. A frame over the limit must be refused from its header, before anything is
 * allocated for it, and no buffer may grow to a size a peer merely announced.
 */
@Tag("adversarial")
class LengthHeaderAttackIntegrationTests extends IntegrationTest {

	private static final byte[] VALID_FRAME = { 0, 0, 0, 2, 'o', 'k' };

	/** What the client announced: a buffer this big takes 2 GiB of heap, when the heap has it. */
	private static final long HUGE = 0x7FFFFFF0L;

	/** Announced plus the header is just under Integer.MAX_VALUE: past the VM's array limit on any heap. */
	private static final long PAST_ARRAY_LIMIT = 0x7FFFFFFAL;

	private static final int ATTACKS = 40;

	@ParameterizedTest(name = "io {0}, tls {1}")
	@CsvSource({ "nio, false", "nio, true", "blocking, false" })
	void fortyHugeLengthHeadersFollowedByAResetLeaveEveryLoopServing(String io, boolean tls) {
		String name = "attack-" + io + (tls ? "-tls" : "");
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "length-prefix", "tls": {"enabled": %s}}"""
			.formatted(name, io, tls));
		for (int i = 0; i < ATTACKS; i++) {
			byte[] header = Clients.lengthHeader(4, (i % 2 == 0) ? HUGE : PAST_ARRAY_LIMIT);
			if (!attack(port, tls, Sockets.concat(VALID_FRAME, header))) {
				// the handshake hung: a loop is dead already; the fresh clients below say how many
				break;
			}
		}
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	@ParameterizedTest(name = "io {0}")
	@ValueSource(strings = { "nio", "blocking" })
	void headerAnnouncingMoreThanTheLimitClosesTheConnectionAsFrameTooLarge(String io) throws Exception {
		String name = "too-large-" + io;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "length-prefix", "limits": {"maxMessageBytes": 1024}}"""
			.formatted(name, io));
		try (Socket socket = Clients.plain(port, 5000)) {
			// only the header: the server cannot wait for the payload to find the frame too large
			Aftermath.assertServerClosesFor(this.api, this.httpPort, name, "frame-too-large", socket,
					() -> Sockets.write(socket, Clients.lengthHeader(4, HUGE)));
		}
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	@ParameterizedTest(name = "io {0}, tls {1}")
	@CsvSource({ "nio, false", "blocking, false", "nio, true" })
	void framesAnnouncedButNotSentReserveNoMemory(String io, boolean tls) throws Exception {
		String name = "announced-" + io + (tls ? "-tls" : "");
		int maxMessageBytes = 16 * 1024 * 1024;
		int port = this.api.createListener("""
				{"name": "%s", "io": "%s", "framing": "length-prefix", "tls": {"enabled": %s},
				 "limits": {"maxMessageBytes": %d, "frameTimeoutMs": 20000}}""".formatted(name, io, tls, maxMessageBytes));
		int clients = 20;
		byte[] started = Sockets.concat(Clients.lengthHeader(4, maxMessageBytes - 1), Sockets.bytes(16, 1));
		long before = Aftermath.usedHeapAfterGc();
		List<Socket> stalled = new ArrayList<>();
		try {
			for (int i = 0; i < clients; i++) {
				Socket socket = Clients.open(port, tls, 5000);
				stalled.add(socket);
				// a legal header and the first bytes of its frame, then nothing more
				Sockets.write(socket, started);
			}
			// nothing says from outside when the server has read them: the bound must hold a while
			// (each look runs a GC, which takes long on a loaded machine: the wait is generous)
			await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(400))
				.untilAsserted(() -> assertThat(Aftermath.usedHeapAfterGc() - before)
					.as("heap grown (bytes) by %d clients that announced %d-byte frames and sent 16 bytes of each",
							clients, maxMessageBytes - 1)
					.isLessThan(24L * 1024 * 1024));
		}
		finally {
			stalled.forEach(Clients::reset);
		}
		Aftermath.assertEveryLoopServesAndHealthIsUp(this.api, name);
	}

	/**
	 * Connect, send the bytes in one write (so that they arrive together), and reset at once;
	 * false when a TLS handshake did not finish within 2 s.
	 */
	private static boolean attack(int port, boolean tls, byte[] bytes) {
		Socket plain = Clients.plain(port, 2000);
		try {
			Socket socket = plain;
			if (tls) {
				SSLSocket ssl = Clients.tls(plain);
				ssl.startHandshake();
				socket = ssl;
			}
			Sockets.write(socket, bytes);
			return true;
		}
		catch (IOException | UncheckedIOException ex) {
			return false;
		}
		finally {
			Clients.reset(plain);
		}
	}

}
