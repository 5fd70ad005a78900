package io.netlab.listener;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netlab.listener.transport.BlockingServerConnectionFactory;
import io.netlab.listener.transport.ConnectionLimits;
import io.netlab.listener.transport.ConnectionIdMessageMapper;
import io.netlab.listener.transport.DatagramReceiver;
import io.netlab.listener.transport.DatagramSender;
import io.netlab.listener.transport.ReplySender;
import io.netlab.wire.FrameCodec;
import io.netlab.listener.transport.NioServerConnectionFactory;
import io.netlab.listener.transport.ServerFactory;
import io.netlab.listener.transport.ServerTransport;
import io.netlab.listener.transport.TlsSettings;
import io.netlab.tls.TlsContexts;
import io.netlab.wire.Protocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.stereotype.Component;

/**
 * Builds, registers and removes the Spring Integration flow of a listener: a TCP inbound
 * gateway (echo) or adapter (discard) on netlab's transports, or a UDP inbound adapter with an
 * outbound adapter that answers from the same socket; an echo passes the listener's
 * impairments on its way back. Each listener is one
 * {@link IntegrationFlowContext} registration with id {@code listener.<name>}.
 */
@Component
class ListenerFlows {

	private static final Log logger = LogFactory.getLog(ListenerFlows.class);

	private final IntegrationFlowContext flowContext;

	private final ListenerTraffic traffic;

	private final MessageChannel errorChannel;

	private final ListenerProperties properties;

	private final TlsContexts tlsContexts;

	private final UdpPorts udpPorts;

	private final ListenerRuntimes runtimes;

	ListenerFlows(IntegrationFlowContext flowContext, ListenerTraffic traffic, MessageChannel listenerErrors,
			ListenerProperties properties, TlsContexts tlsContexts, UdpPorts udpPorts, ListenerRuntimes runtimes) {
		this.tlsContexts = tlsContexts;
		this.udpPorts = udpPorts;
		this.runtimes = runtimes;
		this.flowContext = flowContext;
		this.traffic = traffic;
		this.errorChannel = listenerErrors;
		this.properties = properties;
	}

	/** Register the listener's flow and wait for its port to be bound; throws if it cannot be. */
	ManagedListener.Running start(ManagedListener listener) {
		removeLeftover(listener.flowId());
		this.runtimes.prepare(listener);
		return (listener.spec.protocol() == Protocol.UDP) ? startUdp(listener) : startTcp(listener);
	}

	private ManagedListener.Running startTcp(ManagedListener listener) {
		ListenerSpec spec = listener.spec;
		ListenerSpec.Limits limits = spec.limits();
		ListenerSpec.SocketOptions options = spec.options();
		Integer header = spec.lengthHeaderBytes();
		FrameCodec codec = new FrameCodec(spec.framing(), (header != null) ? header : 4, limits.maxMessageBytes());
		TlsSettings tls = tlsSettings(spec);
		ConnectionLimits connectionLimits = new ConnectionLimits(limits.idleTimeoutMs(), limits.frameTimeoutMs(),
				limits.writeStallTimeoutMs(), ConnectionLimits.DEFAULT_WRITE_HIGH_WATER,
				(tls != null) ? tls.handshakeTimeoutMs() : 0);
		ServerFactory factory = (spec.io() == IoMode.BLOCKING)
				? new BlockingServerConnectionFactory(spec.port(), codec, connectionLimits)
				: new NioServerConnectionFactory(spec.port(), codec, connectionLimits, this.properties.nioLoops());
		factory.setReuseAddress(Boolean.TRUE.equals(options.reuseAddress()));
		factory.setTlsSettings(tls);
		factory.setHealth(listener.stats.transport);
		if (spec.behavior() == Behavior.FORWARD) {
			// a client's FIN goes on to the upstream; the upstream's answer still reaches the client
			factory.setHalfCloseListener(connectionId -> {
				ForwardLinks forward = listener.forward;
				if (forward != null) {
					forward.halfClosed(connectionId);
				}
			});
		}
		factory.setLocalAddress(spec.bindAddress());
		factory.setBacklog(options.backlog());
		factory.setSoTcpNoDelay(Boolean.TRUE.equals(options.tcpNoDelay()));
		factory.setSoKeepAlive(Boolean.TRUE.equals(options.keepAlive()));
		if (options.lingerSeconds() != null) {
			factory.setSoLinger(options.lingerSeconds());
		}
		if (options.receiveBufferSize() != null) {
			factory.setSoReceiveBufferSize(options.receiveBufferSize());
		}
		if (options.sendBufferSize() != null) {
			factory.setSoSendBufferSize(options.sendBufferSize());
		}
		factory.setMapper(new ConnectionIdMessageMapper());
		// Echo is an inbound adapter and an outbound adapter on the same factory ("collaborating
		// adapters"): the received message itself goes back out, routed by its connection id,
		// with no reply channel, latch or header copy per message as a gateway would need.
		IntegrationFlow flow = (spec.behavior() == Behavior.FORWARD) ? forwardFlow(listener, factory)
				: (spec.behavior() == Behavior.ECHO) ? echoFlow(listener, factory)
				: IntegrationFlow
					.from(Tcp.inboundAdapter(factory).id(listener.flowId() + ".in").errorChannel(this.errorChannel))
					.handle(this.traffic.countingDiscards(listener))
					.get();
		IntegrationFlowRegistration registration = this.flowContext.registration(flow)
			.id(listener.flowId())
			.addBean(listener.factoryName(), factory)
			.register();
		DataPlaneManagement.quiet(registration);
		ServerTransport transport = (ServerTransport) factory;
		int port = awaitBound(listener, registration, transport);
		listener.effectiveOptions = tcpOptions(transport, spec);
		return new ManagedListener.Running(registration, port, factory, transport, null);
	}

	/**
	 * Echo: each message is counted and goes back through the listener's impairments. Where the
	 * transport offers it (blocking, raw, no TLS), a frame goes straight back without a message
	 * while no impairment acts, counted by the same counter.
	 */
	private IntegrationFlow echoFlow(ManagedListener listener, ServerFactory factory) {
		EchoCounter echoes = this.traffic.countingEchoes(listener, listener.impairments);
		factory.setDirectEcho(echoes);
		return IntegrationFlow
			.from(Tcp.inboundAdapter(factory).id(listener.flowId() + ".in").errorChannel(this.errorChannel))
			.handle(new ImpairingHandler(listener, listener.impairments, false, echoes),
					endpoint -> endpoint.id(listener.flowId() + ".impair"))
			.handle(new ReplySender(factory), endpoint -> endpoint.id(listener.flowId() + ".out"))
			.get();
	}

	/**
	 * Forward: what a client sends is counted and goes to its upstream connection; what the
	 * upstream answers comes out of the forwarding step to the outbound adapter.
	 */
	private IntegrationFlow forwardFlow(ManagedListener listener, ServerFactory factory) {
		return IntegrationFlow
			.from(Tcp.inboundAdapter(factory).id(listener.flowId() + ".in").errorChannel(this.errorChannel))
			.intercept(this.runtimes.countingReceived(listener))
			.handle(new ForwardingHandler(listener, listener.impairments, listener.forward),
					endpoint -> endpoint.id(listener.flowId() + ".forward"))
			.handle(new ReplySender(factory), endpoint -> endpoint.id(listener.flowId() + ".out"))
			.get();
	}

	private @Nullable TlsSettings tlsSettings(ListenerSpec spec) {
		ListenerSpec.Tls tls = spec.tls();
		if (tls == null) {
			return null;
		}
		try {
			return new TlsSettings(this.tlsContexts.serverContext(tls.bundle(), tls.trustBundle()), tls.clientAuth(),
					tls.handshakeTimeoutMs());
		}
		catch (RuntimeException ex) {
			throw ListenerException.tlsUnavailable(spec.name(), ex);
		}
	}

	private int awaitBound(ManagedListener listener, IntegrationFlowRegistration registration,
			ServerTransport transport) {
		try {
			return transport.bound().get(this.properties.bindTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			remove(registration);
			throw bindFailure(listener.spec, ex.getCause());
		}
		catch (TimeoutException ex) {
			remove(registration);
			throw bindFailure(listener.spec, new IOException("not bound within " + this.properties.bindTimeout()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			remove(registration);
			throw bindFailure(listener.spec, ex);
		}
	}

	private ManagedListener.Running startUdp(ManagedListener listener) {
		ListenerSpec spec = listener.spec;
		DatagramReceiver receiver = new DatagramReceiver(spec.port(), spec.limits().maxMessageBytes(),
				size -> this.traffic.datagramDropped(listener, DropReason.OVERSIZE), new DatagramPolicy(listener, this.udpPorts));
		receiver.setLocalAddress(spec.bindAddress());
		ListenerSpec.SocketOptions options = spec.options();
		if (options.receiveBufferSize() != null) {
			receiver.setSoReceiveBufferSize(options.receiveBufferSize());
		}
		receiver.setSocketCustomizer(socket -> configureDatagramSocket(socket, options));
		receiver.setErrorChannel(this.errorChannel);
		DatagramSocket socket;
		try {
			// bind here, on the caller's thread, so that a port in use is reported now
			socket = receiver.getSocket();
		}
		catch (MessagingException ex) {
			throw bindFailure(spec, (ex.getCause() != null) ? ex.getCause() : ex);
		}
		IntegrationFlow flow = (spec.behavior() == Behavior.FORWARD)
				? IntegrationFlow.from(receiver)
					.intercept(this.runtimes.countingReceived(listener))
					.handle(new UdpForwardingHandler(listener, listener.impairments, listener.udpSessions),
							endpoint -> endpoint.id(listener.flowId() + ".forward"))
					.handle(new DatagramSender(receiver), endpoint -> endpoint.id(listener.flowId() + ".out"))
					.get()
				: (spec.behavior() == Behavior.ECHO)
				? IntegrationFlow.from(receiver)
					.handle(new ImpairingHandler(listener, listener.impairments, true,
							this.traffic.countingEchoes(listener, listener.impairments)),
							endpoint -> endpoint.id(listener.flowId() + ".impair"))
					.handle(new DatagramSender(receiver), endpoint -> endpoint.id(listener.flowId() + ".out"))
					.get()
				: IntegrationFlow.from(receiver)
					.handle(this.traffic.countingDiscards(listener))
					.get();
		IntegrationFlowRegistration registration;
		try {
			registration = this.flowContext.registration(flow).id(listener.flowId()).register();
			DataPlaneManagement.quiet(registration);
		}
		catch (RuntimeException ex) {
			socket.close();
			throw ex;
		}
		listener.effectiveOptions = udpOptions(socket);
		this.udpPorts.add(socket.getLocalPort());
		return new ManagedListener.Running(registration, socket.getLocalPort(), null, null, receiver);
	}

	private static void configureDatagramSocket(DatagramSocket socket, ListenerSpec.SocketOptions options)
			throws SocketException {
		if (options.sendBufferSize() != null) {
			socket.setSendBufferSize(options.sendBufferSize());
		}
	}

	/** Stop accepting new connections; open ones keep being served. No-op for UDP. */
	void stopAccepting(ManagedListener.Running running) {
		if (running.transport() != null) {
			running.transport().stopAccepting();
		}
	}

	/** Remove the flow: closes the sockets and every open connection. */
	void remove(ManagedListener.Running running) {
		if (running.udpReceiver() != null) {
			this.udpPorts.remove(running.port());
		}
		remove(running.registration());
	}

	private void remove(IntegrationFlowRegistration registration) {
		try {
			this.flowContext.remove(registration.getId());
		}
		catch (RuntimeException ex) {
			logger.warn("Removing flow " + registration.getId() + " failed: " + ex.getMessage());
		}
	}

	private void removeLeftover(String flowId) {
		if (this.flowContext.getRegistrationById(flowId) != null) {
			this.flowContext.remove(flowId);
		}
	}

	private static ListenerException bindFailure(ListenerSpec spec, Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && !(root instanceof BindException)) {
			root = root.getCause();
		}
		if (root instanceof BindException && String.valueOf(root.getMessage()).contains("in use")) {
			return ListenerException.portInUse(spec.protocol().wireName(), spec.bindAddress(), spec.port(), root);
		}
		return ListenerException.bindFailed(spec.protocol().wireName(), spec.bindAddress(), spec.port(), root);
	}

	private static Map<String, Object> tcpOptions(ServerTransport transport, ListenerSpec spec) {
		Map<String, Object> effective = new LinkedHashMap<>();
		ServerSocket server = transport.serverSocket();
		effective.put("backlog", spec.options().backlog());
		if (server != null) {
			try {
				effective.put("receiveBufferSize", server.getReceiveBufferSize());
				effective.put("reuseAddress", server.getReuseAddress());
			}
			catch (IOException ex) {
				logger.debug("Cannot read server socket options", ex);
			}
		}
		return effective;
	}

	private static Map<String, Object> udpOptions(DatagramSocket socket) {
		Map<String, Object> effective = new LinkedHashMap<>();
		try {
			effective.put("receiveBufferSize", socket.getReceiveBufferSize());
			effective.put("sendBufferSize", socket.getSendBufferSize());
			effective.put("reuseAddress", socket.getReuseAddress());
		}
		catch (SocketException ex) {
			logger.debug("Cannot read datagram socket options", ex);
		}
		return effective;
	}

}
