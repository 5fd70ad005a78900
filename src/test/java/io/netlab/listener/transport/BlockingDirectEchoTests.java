package io.netlab.listener.transport;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netlab.wire.FrameCodec;
import io.netlab.wire.Framing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The blocking transport's side of {@link DirectEcho}, without a Spring context: a real factory
 * on a loopback port whose listener (standing for the flow) only records what reaches it. A raw
 * frame that is exactly what one read brought is offered, with what was attached to its
 * connection; taken, it is written back and never reaches the flow; declined, it reaches the flow
 * and nothing is written. Reads cut at the largest message, and other framings, are never offered.
 */
class BlockingDirectEchoTests {

	private final List<String> offered = new CopyOnWriteArrayList<>();

	private final List<byte[]> flow = new CopyOnWriteArrayList<>();

	private BlockingServerConnectionFactory factory;

	private int port;

	private void start(FrameCodec codec, Function<byte[], Boolean> answer) throws Exception {
		this.factory = new BlockingServerConnectionFactory(0, codec, new ConnectionLimits(0, 0, 0, 64 * 1024, 0));
		this.factory.setBeanName("direct");
		this.factory.setLocalAddress("127.0.0.1");
		this.factory.setApplicationEventPublisher(event -> {
			if (event instanceof TcpConnectionOpenEvent opened) {
				DataPlaneHeaders.attach((TcpConnection) opened.getSource(), "record of " + opened.getConnectionId());
			}
		});
		this.factory.setTaskScheduler(new org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler());
		this.factory.setDirectEcho((attachment, frame) -> {
			byte[] bytes = new byte[frame.remaining()];
			frame.get(frame.position(), bytes);
			this.offered.add(attachment + ": " + bytes.length);
			return answer.apply(bytes);
		});
		this.factory.registerListener(this::toFlow);
		this.factory.start();
		this.port = this.factory.bound().get(5, TimeUnit.SECONDS);
	}

	private boolean toFlow(Message<?> message) {
		this.flow.add((byte[]) message.getPayload());
		return false;
	}

	@AfterEach
	void stop() {
		if (this.factory != null) {
			this.factory.stop();
		}
	}

	@Test
	void aTakenFrameIsWrittenBackAndNeverReachesTheFlow() throws Exception {
		start(new FrameCodec(Framing.RAW, 4, 4096), bytes -> true);
		try (Socket client = connect()) {
			for (int size : new int[] { 1, 1000, 4096 }) {
				byte[] frame = bytes(size);
				client.getOutputStream().write(frame);
				assertThat(client.getInputStream().readNBytes(size)).as("echo of %d bytes", size).isEqualTo(frame);
			}
		}
		assertThat(this.offered).hasSize(3).allSatisfy(offer -> assertThat(offer).startsWith("record of "));
		assertThat(this.offered).extracting(offer -> offer.substring(offer.indexOf(": ") + 2))
			.containsExactly("1", "1000", "4096");
		assertThat(this.flow).as("frames that reached the flow").isEmpty();
	}

	@Test
	void aDeclinedFrameReachesTheFlowAndNothingIsWritten() throws Exception {
		start(new FrameCodec(Framing.RAW, 4, 4096), bytes -> false);
		try (Socket client = connect()) {
			client.getOutputStream().write(bytes(300));
			await().atMost(java.time.Duration.ofSeconds(5)).until(() -> this.flow.size() == 1);
			assertThat(this.flow.get(0)).isEqualTo(bytes(300));
			client.setSoTimeout(200);
			assertThat(readOrTimeout(client.getInputStream())).as("written back").isEqualTo(-2);
		}
		assertThat(this.offered).hasSize(1);
	}

	@Test
	void aFrameTheDirectEchoFailsOnIsDroppedAndTheConnectionGoesOn() throws Exception {
		start(new FrameCodec(Framing.RAW, 4, 4096), bytes -> {
			if (bytes[0] == 'x') {
				throw new IllegalStateException("simulated: counting failed");
			}
			return true;
		});
		try (Socket client = connect()) {
			client.getOutputStream().write(new byte[] { 'x', 'x' });
			await().atMost(java.time.Duration.ofSeconds(5)).until(() -> this.offered.size() == 1);
			client.getOutputStream().write(bytes(10));
			assertThat(client.getInputStream().readNBytes(10)).as("the next frame's echo, alone").isEqualTo(bytes(10));
		}
		assertThat(this.flow).isEmpty();
	}

	@Test
	void readsLongerThanTheLargestMessageAndOtherFramingsAreNeverOffered() throws Exception {
		start(new FrameCodec(Framing.RAW, 4, 100), bytes -> true);
		try (Socket client = connect()) {
			client.getOutputStream().write(bytes(1000));
			await().atMost(java.time.Duration.ofSeconds(5))
				.until(() -> this.flow.stream().mapToInt(frame -> frame.length).sum() == 1000);
		}
		assertThat(this.flow).allSatisfy(frame -> assertThat(frame.length).isLessThanOrEqualTo(100));
		assertThat(this.offered).isEmpty();
		stop();
		this.flow.clear();
		start(new FrameCodec(Framing.LINE, 4, 4096), bytes -> true);
		try (Socket client = connect()) {
			client.getOutputStream().write("a line\n".getBytes());
			await().atMost(java.time.Duration.ofSeconds(5)).until(() -> this.flow.size() == 1);
		}
		assertThat(this.offered).isEmpty();
	}

	private Socket connect() throws Exception {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
		socket.setSoTimeout(5000);
		return socket;
	}

	/** A byte, -1 at end of stream, -2 if none came within the socket's timeout. */
	private static int readOrTimeout(InputStream in) throws Exception {
		try {
			return in.read();
		}
		catch (java.net.SocketTimeoutException ex) {
			return -2;
		}
	}

	private static byte[] bytes(int n) {
		byte[] bytes = new byte[n];
		Arrays.fill(bytes, (byte) ('a' + n % 26));
		return bytes;
	}

}
