package io.netlab.listener;

import java.util.Map;

import io.netlab.listener.transport.ServerTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;

/**
 * A listener held by the service: its spec, its state, and while running, the flow and the
 * transport under it. State changes happen under the service's per-listener lock; socket
 * threads only touch the counters and the connection map.
 */
final class ManagedListener {

	/** Replaced in place only when just the access rules change (which needs no restart). */
	volatile ListenerSpec spec;

	volatile AccessRules access;

	final ListenerSource source;

	final ListenerStats stats;

	/** TCP: the open connections, their admission, close and drain. */
	final ConnectionTable connections;

	volatile ListenerState state = ListenerState.STOPPED;

	volatile @Nullable String error;

	volatile boolean desiredRunning;

	volatile Map<String, Object> effectiveOptions = Map.of();

	volatile @Nullable Running running;

	/** UDP forward, while running: the clients' sessions; rebuilt at each start. */
	volatile @Nullable UdpSessions udpSessions;

	/** Forward, while running: the upstream connections; rebuilt at each start. */
	volatile @Nullable ForwardLinks forward;

	/** Forward: close the upstream side (links, sessions, their threads and timers). */
	void releaseUpstream() {
		ForwardLinks links = this.forward;
		if (links != null) {
			links.shutdown();
			this.forward = null;
		}
		UdpSessions sessions = this.udpSessions;
		if (sessions != null) {
			sessions.shutdown();
			this.udpSessions = null;
		}
	}

	/** While running: the impairments as they act; rebuilt at each start. */
	volatile @Nullable LiveImpairments impairments;

	ManagedListener(ListenerSpec spec, ListenerSource source, boolean desiredRunning) {
		this(spec, source, desiredRunning, new ListenerStats());
	}

	ManagedListener(ListenerSpec spec, ListenerSource source, boolean desiredRunning, ListenerStats stats) {
		this.spec = spec;
		this.access = AccessRules.of(spec.access());
		this.stats = stats;
		this.connections = new ConnectionTable(stats);
		this.source = source;
		this.desiredRunning = desiredRunning;
	}

	/**
	 * Apply new access rules and impairments to a running listener: new connections and
	 * datagrams see the rules, open connections too the impairments.
	 */
	void changeLive(ListenerSpec newSpec) {
		this.access = AccessRules.of(newSpec.access());
		this.spec = newSpec;
		LiveImpairments live = this.impairments;
		if (live != null) {
			live.change(newSpec);
		}
	}

	String name() {
		return this.spec.name();
	}

	String flowId() {
		return flowId(this.spec.name());
	}

	static String flowId(String name) {
		return "listener." + name;
	}

	/** The bean name of this listener's TCP connection factory, which names it in TCP events. */
	String factoryName() {
		return flowId() + ".cf";
	}

	ListenerView view() {
		Running run = this.running;
		Integer boundPort = (this.state == ListenerState.RUNNING && run != null) ? run.port() : null;
		return new ListenerView(this.spec, this.state, boundPort, this.error, this.source, this.effectiveOptions,
				this.stats.view(), this.stats.impairments.view(this.spec.impairments().stream().map(i -> i.name()).toList()));
	}

	/**
	 * What a running listener is made of.
	 *
	 * @param registration the flow's registration, removed to stop the listener
	 * @param port the bound port
	 * @param tcpFactory TCP: the connection factory
	 * @param transport TCP: the same factory, seen as netlab's transport
	 * @param udpReceiver UDP: the inbound adapter
	 */
	record Running(IntegrationFlowRegistration registration, int port,
			@Nullable AbstractServerConnectionFactory tcpFactory, @Nullable ServerTransport transport,
			@Nullable UnicastReceivingChannelAdapter udpReceiver) {
	}

}
