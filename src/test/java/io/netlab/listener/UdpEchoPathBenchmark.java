package io.netlab.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netlab.events.EventsProperties;
import io.netlab.listener.transport.DatagramReceiver;
import io.netlab.listener.transport.ReceivedDatagrams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandlingException;

/**
 * The per-datagram cost of a UDP echo listener without sockets: one operation is one datagram,
 * from its bytes in the receiver's direct buffer and its sender's address to the reply's payload
 * handed to the outbound step, through the real pieces: {@link DatagramReceiver}'s handle path
 * (size check, the {@link DatagramPolicy} gate, the payload copy, the recent-sender headers, the
 * message), and the echo flow of {@link ListenerFlows} registered the same way (Java DSL,
 * {@link IntegrationFlowContext}, {@link DataPlaneManagement#quiet}) with its {@link ImpairingHandler}
 * (counting, then no impairments) and its error channel.
 * <p>
 * Where it differs from a running listener: the context is a bare {@code @EnableIntegration} one
 * with {@link ListenerIntegrationConfig}, not the Boot application (the flow's components are
 * quieted either way, so Boot's integration metrics would not act on them); the receiver is
 * started with an executor that never runs its receive loop, so nothing is bound, and the
 * benchmark thread plays the receive thread; the sender addresses are made once, where the JDK's
 * {@code receive} makes a new one whenever the sender differs from the previous datagram's; the
 * last step takes the place of {@code DatagramSender}, with the same checks of the reply, and
 * gives the payload to a {@link Blackhole} instead of a socket.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UdpEchoPathBenchmark {

	private static final int FIRST_CLIENT_PORT = 40000;

	@Param({ "64", "1024" })
	public int payloadBytes;

	/** Clients on the loopback address, one port each, sending in turn (as bench/run.sh's sockets). */
	@Param({ "1", "10" })
	public int senders;

	private AnnotationConfigApplicationContext context;

	private ScheduledThreadPoolExecutor impairmentScheduler;

	private DatagramReceiver receiver;

	private BlackholeSender out;

	/** As the receive loop leaves it after a receive: the datagram's bytes at its start. */
	private ByteBuffer received;

	private InetSocketAddress[] clients;

	private int next;

	@Setup
	public void setUp(Blackhole blackhole) throws Exception {
		this.context = new AnnotationConfigApplicationContext(Integration.class, ListenerIntegrationConfig.class);
		ManagedListener listener = DatagramPolicyBenchmark.listener(DatagramPolicyBenchmark.UNLIMITED);
		this.impairmentScheduler = new ScheduledThreadPoolExecutor(1);
		listener.impairments = new LiveImpairments(listener.spec, this.impairmentScheduler,
				listener.stats.impairments);
		ListenerTraffic traffic = new ListenerTraffic(this.context,
				Binder.get(this.context.getEnvironment()).bindOrCreate("netlab.events", EventsProperties.class));
		int maxMessageBytes = listener.spec.limits().maxMessageBytes();
		this.receiver = new DatagramReceiver(0, maxMessageBytes,
				size -> traffic.datagramDropped(listener, DropReason.OVERSIZE),
				DatagramPolicyBenchmark.policy(listener));
		this.receiver.setErrorChannel(this.context.getBean("listenerErrors", MessageChannel.class));
		this.receiver.setTaskExecutor(receiveLoop -> {
			// never run: no socket is bound, the benchmark thread hands the datagrams over
		});
		this.out = new BlackholeSender(blackhole);
		IntegrationFlow flow = IntegrationFlow.from(this.receiver)
			.handle(new ImpairingHandler(listener, listener.impairments, true, traffic.countingEchoes(listener, listener.impairments)),
					endpoint -> endpoint.id(listener.flowId() + ".impair"))
			.handle(this.out, endpoint -> endpoint.id(listener.flowId() + ".out"))
			.get();
		IntegrationFlowRegistration registration = this.context.getBean(IntegrationFlowContext.class)
			.registration(flow)
			.id(listener.flowId())
			.register();
		DataPlaneManagement.quiet(registration);
		this.received = ByteBuffer.allocateDirect(Math.min(maxMessageBytes + 1, 65536));
		for (int i = 0; i < this.payloadBytes; i++) {
			this.received.put((byte) ('a' + i % 26));
		}
		this.clients = new InetSocketAddress[this.senders];
		for (int n = 0; n < this.senders; n++) {
			this.clients[n] = new InetSocketAddress(InetAddress.getLoopbackAddress(), FIRST_CLIENT_PORT + n);
		}
		echo();
		if (this.out.replies != 1 || listener.stats.messagesSent.sum() != 1) {
			throw new IllegalStateException("The first datagram got no echo: this would measure a drop");
		}
	}

	@TearDown
	public void tearDown() {
		this.context.close();
		this.impairmentScheduler.shutdownNow();
	}

	@Benchmark
	public void echo() {
		InetSocketAddress client = this.clients[this.next];
		this.next = (this.next + 1 == this.clients.length) ? 0 : this.next + 1;
		this.received.clear().position(this.payloadBytes).flip();
		ReceivedDatagrams.handle(this.receiver, this.received, client);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Integration {

	}

	/**
	 * The outbound step of the echo flow: checks a reply as {@code DatagramSender} does, then
	 * gives its address and payload to a {@link Blackhole} where that one sends it.
	 */
	static final class BlackholeSender extends AbstractMessageHandler {

		private final Blackhole blackhole;

		long replies;

		BlackholeSender(Blackhole blackhole) {
			this.blackhole = blackhole;
		}

		@Override
		protected void handleMessageInternal(Message<?> message) {
			if (!(message.getHeaders().get(IpHeaders.PACKET_ADDRESS) instanceof SocketAddress to)) {
				throw new MessageHandlingException(message,
						"a UDP reply needs an " + IpHeaders.PACKET_ADDRESS + " header");
			}
			if (!(message.getPayload() instanceof byte[] payload)) {
				throw new MessageHandlingException(message, "netlab UDP replies must be byte[]");
			}
			this.blackhole.consume(to);
			this.blackhole.consume(payload);
			this.replies++;
		}

	}

}
