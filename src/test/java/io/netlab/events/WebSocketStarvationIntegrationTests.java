package io.netlab.events;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netlab.support.IntegrationTest;
import io.netlab.support.RawWebSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WebSocket clients try to starve everyone else: by holding every event-feed slot from one
 * source, by sending to {@code /ws/echo} and never reading the echoes, by going silent. Each is
 * bounded (per-source cap, sends that never block a request thread, idle pings), and the REST
 * API and a new feed subscriber from another source are served meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "netlab.websocket.idle-timeout=2s", "netlab.websocket.max-echo-sessions=300",
				"netlab.websocket.buffer-size-limit=64KB" })
class WebSocketStarvationIntegrationTests extends IntegrationTest {

	private static final Log logger = LogFactory.getLog(WebSocketStarvationIntegrationTests.class);

	private static final int PER_SOURCE = 16;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void idleFeedClientsFromOneSourceCannotTakeEverySubscriberSlot() throws Exception {
		double refusedBefore = metric("netlab.websocket.sessions.refused");
		List<RawWebSocket> hogs = new ArrayList<>();
		try {
			int subscribed = 0;
			int refused = 0;
			for (int i = 0; i < 64; i++) {
				RawWebSocket hog = RawWebSocket.open(this.httpPort, "/ws/events", 8192, address(2));
				hogs.add(hog);
				if (i < PER_SOURCE) {
					assertThat(hog.nextText()).as("hog %d", i).contains("Subscribed");
					subscribed++;
				}
				else {
					assertThat(hog.closeCode()).as("hog %d", i).isEqualTo(1013);
					refused++;
				}
			}
			assertThat(subscribed).isEqualTo(PER_SOURCE);
			assertThat(refused).isEqualTo(64 - PER_SOURCE);

			try (Feed console = Feed.open(this.http, this.httpPort)) {
				assertThat(console.firstText()).contains("Subscribed");
			}
			assertThat(metric("netlab.websocket.sessions.refused") - refusedBefore).isEqualTo(64 - PER_SOURCE);
		}
		finally {
			for (RawWebSocket hog : hogs) {
				hog.close();
			}
		}
	}

	@Test
	void echoClientsThatNeverReadCannotHangTheApi() throws Exception {
		double slowBefore = metric("netlab.websocket.sessions.closed", "reason:slow");
		List<SocketChannel> flood = new ArrayList<>();
		try {
			// the API client's connection is open before the flood, as a console's or a script's would be
			assertThat(this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/api/listeners"))
				.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
			// 300 clients from 19 source addresses, within the per-source cap
			for (int i = 0; i < 300; i++) {
				flood.add(openEcho(address(10 + i / PER_SOURCE)));
			}
			// push until no client can write more: the server stopped reading them (or closed them)
			AtomicLong pushed = new AtomicLong();
			push(flood, Duration.ofSeconds(30), pushed);

			// the clients are still connected and have writes pending: three requests, each
			// bounded; the median must be under a second, so that one request slowed by a
			// neighbour on this shared machine does not decide
			long[] millis = new long[3];
			for (int i = 0; i < millis.length; i++) {
				long start = System.nanoTime();
				HttpResponse<String> listeners = this.http.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/api/listeners"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
				millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				assertThat(listeners.statusCode()).isEqualTo(200);
			}
			logger.info("GET /api/listeners answered in " + Arrays.toString(millis) + " ms after " + pushed.get() / 1024
					+ " KiB were pushed");
			Arrays.sort(millis);
			assertThat(millis[1]).as("median ms").isLessThan(1000);
			try (Feed console = Feed.open(this.http, this.httpPort)) {
				assertThat(console.firstText()).contains("Subscribed");
			}
			// after the attack: every non-reading client is closed, and counted
			await().atMost(Duration.ofSeconds(60)).until(() -> metric("netlab.websocket.sessions") == 0);
			double slow = metric("netlab.websocket.sessions.closed", "reason:slow") - slowBefore;
			logger.info(slow + " non-reading echo clients closed as slow");
			assertThat(slow).isPositive();
		}
		finally {
			for (SocketChannel channel : flood) {
				channel.close();
			}
		}
	}

	@Test
	void silentClientsArePingedAndClosedWhileClientsThatAnswerStay() throws Exception {
		double idleBefore = metric("netlab.websocket.sessions.closed", "reason:idle");
		try (RawWebSocket silent = RawWebSocket.open(this.httpPort, "/ws/events", 8192, address(3));
				Feed answering = Feed.open(this.http, this.httpPort)) {
			assertThat(silent.nextText()).contains("Subscribed");
			long start = System.nanoTime();
			// a raw client answers no ping: closed as idle (1001) after the idle timeout of 2 s
			assertThat(silent.closeCode()).isEqualTo(1001);
			assertThat(System.nanoTime() - start).isGreaterThan(Duration.ofMillis(1500).toNanos());
			// the JDK's client answers pings with pongs: it stays
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !answering.closed.isDone());
			assertThat(metric("netlab.websocket.sessions.closed", "reason:idle") - idleBefore).isEqualTo(1);
		}
	}

	private static InetAddress address(int last) throws IOException {
		return InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) last });
	}

	/** A /ws/echo client from this source address: handshake done, then non-blocking. */
	private SocketChannel openEcho(InetAddress source) throws IOException {
		SocketChannel channel = SocketChannel.open();
		channel.socket().setReceiveBufferSize(4096);
		channel.bind(new InetSocketAddress(source, 0));
		channel.connect(new InetSocketAddress("127.0.0.1", this.httpPort));
		channel.socket().setSoTimeout(10_000);
		channel.write(ByteBuffer.wrap(("GET /ws/echo HTTP/1.1\r\nHost: 127.0.0.1:" + this.httpPort
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII)));
		StringBuilder headers = new StringBuilder();
		ByteBuffer one = ByteBuffer.allocate(1);
		while (!headers.toString().endsWith("\r\n\r\n")) {
			one.clear();
			if (channel.socket().getInputStream().read(one.array()) < 0) {
				throw new IOException("closed during the handshake");
			}
			headers.append((char) one.get(0));
		}
		assertThat(headers.toString()).startsWith("HTTP/1.1 101");
		channel.configureBlocking(false);
		return channel;
	}

	/**
	 * Writes masked 4 KiB binary frames to every channel, without reading, until no channel has
	 * taken a byte for 2 s (the server stopped reading them, or closed them) or the time is up,
	 * counting the bytes written.
	 */
	private static Void push(List<SocketChannel> channels, Duration limit, AtomicLong total) throws IOException {
		byte[] frame = new byte[8 + 4096];
		frame[0] = (byte) 0x82;
		frame[1] = (byte) (0x80 | 126);
		frame[2] = (byte) (4096 >> 8);
		// a zero masking key leaves the payload as it is
		long deadline = System.nanoTime() + limit.toNanos();
		try (Selector selector = Selector.open()) {
			for (SocketChannel channel : channels) {
				channel.register(selector, SelectionKey.OP_WRITE);
			}
			long lastProgress = System.nanoTime();
			while (!selector.keys().isEmpty() && System.nanoTime() < deadline
					&& System.nanoTime() - lastProgress < Duration.ofSeconds(2).toNanos()) {
				selector.select(200);
				for (SelectionKey key : selector.selectedKeys()) {
					try {
						int written = ((SocketChannel) key.channel()).write(ByteBuffer.wrap(frame));
						if (written > 0) {
							total.addAndGet(written);
							lastProgress = System.nanoTime();
						}
					}
					catch (IOException ex) {
						// closed by the server
						key.cancel();
					}
				}
				selector.selectedKeys().clear();
			}
			for (SelectionKey key : selector.keys()) {
				key.cancel();
			}
		}
		for (SocketChannel channel : channels) {
			if (channel.isOpen()) {
				channel.configureBlocking(true);
			}
		}
		return null;
	}

	/** A Micrometer meter as /actuator/metrics shows it; 0 while it has not been registered. */
	private double metric(String name, String... tags) {
		StringBuilder path = new StringBuilder("/actuator/metrics/" + name);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? "?" : "&").append("tag=").append(tags[i]);
		}
		var response = this.api.get(path.toString());
		if (response.status() == 404) {
			return 0;
		}
		return response.json().get("measurements").get(0).get("value").asDouble();
	}

	/** A /ws/events client on the JDK's WebSocket, from 127.0.0.1; it answers pings with pongs. */
	private static final class Feed implements AutoCloseable {

		private final List<String> texts = new CopyOnWriteArrayList<>();

		private final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private final WebSocket socket;

		private Feed(HttpClient http, int port) throws Exception {
			this.socket = http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/events"), new WebSocket.Listener() {

					@Override
					public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
						Feed.this.texts.add(data.toString());
						webSocket.request(1);
						return null;
					}

					@Override
					public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
						Feed.this.closed.complete(statusCode);
						return null;
					}

					@Override
					public void onError(WebSocket webSocket, Throwable error) {
						Feed.this.closed.complete(-1);
					}

				})
				.get(5, TimeUnit.SECONDS);
		}

		static Feed open(HttpClient http, int port) throws Exception {
			return new Feed(http, port);
		}

		String firstText() {
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.texts.isEmpty() || this.closed.isDone());
			assertThat(this.texts).as("closed with %s", this.closed.getNow(null)).isNotEmpty();
			return this.texts.get(0);
		}

		@Override
		public void close() {
			this.socket.abort();
		}

	}

}
