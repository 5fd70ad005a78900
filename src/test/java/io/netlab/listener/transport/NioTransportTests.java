package io.netlab.listener.transport;

import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netlab.wire.FrameCodec;
import io.netlab.wire.Framing;
import io.netlab.wire.FramingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpSender;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The NIO transport on its own, without a Spring context: a factory with an echo listener on
 * real loopback sockets, attacked as a hostile client would, and checked afterwards to serve on
 * every loop and to report its health truthfully.
 */
class NioTransportTests {

	private static final int LOOPS = 2;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final Map<String, TcpConnection> connections = new ConcurrentHashMap<>();

	private final TransportHealth health = new TransportHealth();

	private NioServerConnectionFactory factory;

	private int port;

	private void start(FrameCodec codec, ConnectionLimits limits) throws Exception {
		this.factory = new NioServerConnectionFactory(0, codec, limits, LOOPS);
		this.factory.setBeanName("test");
		this.factory.setLocalAddress("127.0.0.1");
		this.factory.setApplicationEventPublisher(this.events::add);
		this.factory.setHealth(this.health);
		this.factory.setTaskScheduler(new org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler());
		this.factory.registerSender(new TcpSender() {

			@Override
			public void addNewConnection(TcpConnection connection) {
				NioTransportTests.this.connections.put(connection.getConnectionId(), connection);
			}

			@Override
			public void removeDeadConnection(TcpConnection connection) {
				NioTransportTests.this.connections.remove(connection.getConnectionId());
			}

		});
		this.factory.registerListener(this::echo);
		this.factory.start();
		this.port = this.factory.bound().get(5, TimeUnit.SECONDS);
	}

	private boolean echo(Message<?> message) {
		byte[] payload = (byte[]) message.getPayload();
		if (new String(payload).equals("throw an error")) {
			throw new OutOfMemoryError("simulated: the flow ran out of memory");
		}
		TcpConnection connection = this.connections
			.get((String) message.getHeaders().get(org.springframework.integration.ip.IpHeaders.CONNECTION_ID));
		connection.send(message);
		return false;
	}

	@AfterEach
	void stop() {
		if (this.factory != null) {
			this.factory.stop();
		}
	}

	private static ConnectionLimits limits(long frameTimeoutMs, long writeStallTimeoutMs) {
		return new ConnectionLimits(0, frameTimeoutMs, writeStallTimeoutMs, 64 * 1024, 0);
	}

	@Test
	void lengthHeadersAnnouncingTwoGigabytesCloseOnlyTheirConnections() throws Exception {
		start(new FrameCodec(Framing.LENGTH_PREFIX, 4, 1024), limits(0, 0));
		for (int i = 0; i < 40; i++) {
			try (Socket attacker = connect()) {
				DataOutputStream out = new DataOutputStream(attacker.getOutputStream());
				out.writeInt(2);
				out.write(new byte[] { 'o', 'k' });
				out.writeInt(0x7FFFFFF0);
				out.flush();
				attacker.setSoLinger(true, 0); // reset at once
			}
		}
		assertEveryLoopServes(new FrameCodec(Framing.LENGTH_PREFIX, 4, 1024));
		try (Socket patient = connect()) {
			new DataOutputStream(patient.getOutputStream()).writeInt(0x7FFFFFF0);
			assertThat(patient.getInputStream().read()).as("closed from the header alone").isEqualTo(-1);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> closedBecause(io.netlab.wire.FramingException.class) > 0);
	}

	@Test
	void anErrorInTheFlowClosesThatConnectionAndTheLoopServesOn() throws Exception {
		FrameCodec codec = new FrameCodec(Framing.LINE, 4, 1024);
		start(codec, limits(0, 0));
		for (int i = 0; i < 2 * LOOPS; i++) {
			try (Socket victim = connect()) {
				victim.getOutputStream().write("throw an error\n".getBytes());
				assertThat(victim.getInputStream().read()).isEqualTo(-1);
			}
		}
		assertEveryLoopServes(codec);
		assertThat(closedBecause(ConnectionFailure.class)).isEqualTo(2 * LOOPS);
		assertThat(this.health.status()).isEqualTo(TransportHealth.Status.SERVING);
	}

	@Test
	void aLoopThreadThatDiesIsReplacedAndKeepsServingItsConnections() throws Exception {
		FrameCodec codec = new FrameCodec(Framing.LINE, 4, 1024);
		start(codec, limits(0, 0));
		try (Socket before = connect()) {
			assertThat(roundTrip(before, codec, "before")).isEqualTo("before");
			for (NioEventLoop loop : loops()) {
				loop.execute(() -> sneakyThrow(new Throwable("escapes every catch of the loop")));
			}
			// the dying threads' throwable is the point of the test, not a failure of it
			await().dontCatchUncaughtExceptions()
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> {
					assertThat(this.health.loopRestarts()).isEqualTo(LOOPS);
					assertThat(this.health.status()).isEqualTo(TransportHealth.Status.SERVING);
				});
			assertThat(roundTrip(before, codec, "after")).isEqualTo("after");
		}
		assertEveryLoopServes(codec);
	}

	@Test
	void aClientThatNeverReadsStopsBeingReadThenIsClosedAsASlowConsumer() throws Exception {
		FrameCodec codec = new FrameCodec(Framing.RAW, 4, 65536);
		start(codec, limits(0, 500));
		try (Socket hog = new Socket()) {
			hog.setReceiveBufferSize(4096);
			hog.connect(new InetSocketAddress("127.0.0.1", this.port));
			hog.setSoTimeout(10_000);
			OutputStream out = hog.getOutputStream();
			byte[] chunk = new byte[16 * 1024];
			long sent = 0;
			try {
				// far more than the socket buffers and the high-water mark; writing blocks once netlab stops reading
				while (sent < 64L * 1024 * 1024) {
					out.write(chunk);
					sent += chunk.length;
				}
			}
			catch (java.io.IOException closedByNetlab) {
				// netlab closed it as a slow consumer while this side was still writing
			}
			assertThat(sent).isLessThan(64L * 1024 * 1024);
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> kindsClosed().contains(ConnectionFailure.Kind.SLOW_CONSUMER));
		assertEveryLoopServes(codec);
	}

	@Test
	void aFrameThatNeverCompletesIsClosedAfterTheFrameTimeout() throws Exception {
		FrameCodec codec = new FrameCodec(Framing.LINE, 4, 1024);
		start(codec, limits(300, 0));
		try (Socket slow = connect()) {
			slow.getOutputStream().write("never ends".getBytes());
			slow.setSoTimeout(5000);
			assertThat(slow.getInputStream().read()).isEqualTo(-1);
		}
		assertThat(kindsClosed()).contains(ConnectionFailure.Kind.FRAME_TIMEOUT);
		assertEveryLoopServes(codec);
	}

	private List<NioEventLoop> loops() throws Exception {
		java.lang.reflect.Field field = NioServerConnectionFactory.class.getDeclaredField("loops");
		field.setAccessible(true);
		return List.of((NioEventLoop[]) field.get(this.factory));
	}

	@SuppressWarnings("unchecked")
	private static <T extends Throwable> void sneakyThrow(Throwable failure) throws T {
		throw (T) failure;
	}

	private long closedBecause(Class<?> type) {
		return this.events.stream()
			.filter(TcpConnectionExceptionEvent.class::isInstance)
			.map(event -> ((TcpConnectionExceptionEvent) event).getCause())
			.filter(type::isInstance)
			.count();
	}

	private List<ConnectionFailure.Kind> kindsClosed() {
		return this.events.stream()
			.filter(TcpConnectionExceptionEvent.class::isInstance)
			.map(event -> ((TcpConnectionExceptionEvent) event).getCause())
			.filter(ConnectionFailure.class::isInstance)
			.map(cause -> ((ConnectionFailure) cause).kind())
			.toList();
	}

	private Socket connect() throws Exception {
		Socket socket = new Socket("127.0.0.1", this.port);
		socket.setSoTimeout(5000);
		return socket;
	}

	/** Twelve fresh clients, more than the loops, each echoed: round-robin reaches every loop. */
	private void assertEveryLoopServes(FrameCodec codec) throws Exception {
		for (int i = 0; i < 12; i++) {
			try (Socket client = connect()) {
				assertThat(roundTrip(client, codec, "client " + i)).isEqualTo("client " + i);
			}
		}
	}

	private static String roundTrip(Socket socket, FrameCodec codec, String text) throws Exception {
		OutputStream out = socket.getOutputStream();
		for (ByteBuffer part : codec.encode(text.getBytes())) {
			out.write(part.array(), part.position(), part.remaining());
		}
		InputStream in = socket.getInputStream();
		byte[] wire = new byte[codec.prefix(text.length()).length + text.length() + codec.suffix().length];
		int at = 0;
		while (at < wire.length) {
			int n = in.read(wire, at, wire.length - at);
			assertThat(n).isPositive();
			at += n;
		}
		return new String(wire, codec.prefix(text.length()).length, text.length());
	}

}
