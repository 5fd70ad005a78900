package io.netlab.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.netlab.support.IntegrationTest;
import io.netlab.support.Prometheus;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finding 5 of issue 11: the listener-wide datagram budget was taken before the per-source
 * check, so one source flooding far over its own limit used up everyone's budget. A source
 * over its own limit must not consume the shared one; {@code limits.maxBytesPerSecondPerSource}
 * holds a source to a byte rate as well. The two sources are two local addresses, 127.0.0.1
 * (the flooder) and 127.0.0.2 (the modest one): the per-source limits are per address.
 */
@Tag("adversarial")
class UdpFloodIntegrationTests extends IntegrationTest {

	private static final InetAddress FLOODER = address("127.0.0.1");

	private static final InetAddress MODEST = address("127.0.0.2");

	private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);

	@AfterEach
	void stopPacer() {
		this.pacer.shutdownNow();
	}

	@Test
	void modestSourceKeepsNinetyPercentOfItsAnswersWhileAnotherFloods() throws Exception {
		String name = "udp-flooded";
		int port = this.api.createListener("""
				{"name": "%s", "protocol": "udp",
				 "limits": {"maxDatagramsPerSecondPerSource": 200, "maxDatagramsPerSecond": 400}}""".formatted(name));
		InetSocketAddress listener = new InetSocketAddress(FLOODER, port);
		int modestSends = 50;
		AtomicInteger flooded = new AtomicInteger();
		Set<Integer> answered = ConcurrentHashMap.newKeySet();
		try (DatagramSocket flooder = bound(FLOODER); DatagramSocket modest = bound(MODEST)) {
			AtomicBoolean allSent = new AtomicBoolean();
			Thread receiver = new Thread(() -> receiveSequenceNumbers(modest, answered, allSent), "modest-receiver");
			receiver.start();
			// 25 times its own limit, evenly: 5 datagrams every millisecond
			byte[] flood = Sockets.bytes(16, 1);
			ScheduledFuture<?> flooding = this.pacer.scheduleAtFixedRate(() -> {
				for (int i = 0; i < 5; i++) {
					send(flooder, flood, listener);
					flooded.incrementAndGet();
				}
			}, 0, 1, TimeUnit.MILLISECONDS);
			// one datagram every 21 ms, under a quarter of its own limit, starting once the flood has
			// had time to drain the shared budget: 200 + 48 a second fit in the listener's 400 when
			// the flood costs it no more than the flooder's own 200. Half a millisecond off the
			// flood's ticks and a period no multiple of theirs, so that the two never run in lockstep.
			AtomicInteger sequence = new AtomicInteger();
			ScheduledFuture<?> sending = this.pacer.scheduleAtFixedRate(() -> {
				int number = sequence.getAndIncrement();
				if (number < modestSends) {
					send(modest, ByteBuffer.allocate(4).putInt(number).array(), listener);
				}
			}, 400_500, 21_000, TimeUnit.MICROSECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> sequence.get() >= modestSends);
			sending.cancel(false);
			flooding.cancel(false);
			allSent.set(true);
			receiver.join(5000);
		}
		assertThat(flooded.get()).as("datagrams flooded").isGreaterThan(2000);
		assertThat(answered).as("answers to the modest source (of %d sent; %d flooded meanwhile)", modestSends,
				flooded.get())
			.hasSizeGreaterThanOrEqualTo(modestSends * 9 / 10);
		String scrape = this.api.get("/actuator/prometheus").body();
		assertThat(Prometheus.sample(scrape, "netlab_datagrams_dropped_total", "listener=\"" + name + "\"",
				"reason=\"rate\"")).as("flood datagrams dropped for rate").isGreaterThan(1000.0);
		assertUdpStillServes(port);
		Aftermath.awaitHealth(this.api, name, "UP", Duration.ofSeconds(5));
	}

	@Test
	void sourceOverItsByteRateIsDroppedForRateWhileAnotherIsServed() throws Exception {
		String name = "udp-bytes";
		int port = this.api.createListener("""
				{"name": "%s", "protocol": "udp",
				 "limits": {"maxBytesPerSecondPerSource": 5000, "maxDatagramsPerSecondPerSource": 10000}}"""
			.formatted(name));
		InetSocketAddress listener = new InetSocketAddress(FLOODER, port);
		int sent = 50;
		int answers = 0;
		try (DatagramSocket heavy = bound(FLOODER)) {
			byte[] kilobyte = Sockets.bytes(1000, 2);
			for (int i = 0; i < sent; i++) {
				send(heavy, kilobyte, listener);
			}
			heavy.setSoTimeout(500);
			answers = countAnswers(heavy);
		}
		assertThat(answers).as("answers to 50 KB sent at once with a limit of 5000 bytes per second")
			.isBetween(1, 10);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode stats = this.api.get("/api/listeners/" + name).json().path("stats");
			assertThat(stats.path("datagramsDropped").asLong()).isGreaterThanOrEqualTo(sent - 10);
			assertThat(Prometheus.sample(this.api.get("/actuator/prometheus").body(), "netlab_datagrams_dropped_total",
					"listener=\"" + name + "\"", "reason=\"rate\""))
				.isNotNull()
				.isGreaterThanOrEqualTo(sent - 10.0);
		});
		assertUdpStillServes(port);
		Aftermath.awaitHealth(this.api, name, "UP", Duration.ofSeconds(5));
	}

	/** The other source still gets its answers: the limits are per source. */
	private static void assertUdpStillServes(int port) throws Exception {
		try (DatagramSocket other = bound(MODEST)) {
			other.setSoTimeout(2000);
			byte[] hello = "still answered".getBytes(StandardCharsets.US_ASCII);
			send(other, hello, new InetSocketAddress(FLOODER, port));
			DatagramPacket reply = new DatagramPacket(new byte[64], 64);
			other.receive(reply);
			assertThat(reply.getLength()).isEqualTo(hello.length);
		}
	}

	private static int countAnswers(DatagramSocket socket) throws Exception {
		int answers = 0;
		try {
			while (true) {
				socket.receive(new DatagramPacket(new byte[2048], 2048));
				answers++;
			}
		}
		catch (SocketTimeoutException ex) {
			return answers;
		}
	}

	/** Collect the answers' sequence numbers until all was sent and the socket has been quiet for 300 ms. */
	private static void receiveSequenceNumbers(DatagramSocket socket, Set<Integer> answered, AtomicBoolean allSent) {
		try {
			socket.setSoTimeout(300);
			while (true) {
				DatagramPacket reply = new DatagramPacket(new byte[64], 64);
				try {
					socket.receive(reply);
				}
				catch (SocketTimeoutException ex) {
					if (allSent.get()) {
						return;
					}
					continue;
				}
				if (reply.getLength() == 4) {
					answered.add(ByteBuffer.wrap(reply.getData(), 0, 4).getInt());
				}
			}
		}
		catch (IOException ex) {
			// the socket closed: no more answers
		}
	}

	private static void send(DatagramSocket socket, byte[] payload, InetSocketAddress to) {
		try {
			socket.send(new DatagramPacket(payload, payload.length, to));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A socket on this local address; 127.0.0.2 is on the loopback interface of every Linux host. */
	private static DatagramSocket bound(InetAddress local) throws SocketException {
		return new DatagramSocket(new InetSocketAddress(local, 0));
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
