package io.netlab.listener;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import io.netlab.impair.ImpairmentScheduler;
import io.netlab.wire.Protocol;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Sets up what a listener's flow needs beside its adapters, at each start: its live
 * impairments, and for a forward listener its upstream side (TCP links or UDP sessions), the
 * target policy checked on the upstream first.
 */
@Component
class ListenerRuntimes {

	private final ImpairmentScheduler scheduler;

	private final UpstreamPolicy upstreamPolicy;

	private final ListenerTraffic traffic;

	ListenerRuntimes(ImpairmentScheduler scheduler, UpstreamPolicy upstreamPolicy, ListenerTraffic traffic) {
		this.scheduler = scheduler;
		this.upstreamPolicy = upstreamPolicy;
		this.traffic = traffic;
	}

	/** Before the flow is built: a 403 {@link ListenerException} if the upstream is refused. */
	void prepare(ManagedListener listener) {
		listener.impairments = new LiveImpairments(listener.spec, this.scheduler.executor(), listener.stats.impairments);
		if (listener.spec.behavior() != Behavior.FORWARD) {
			return;
		}
		checkUpstream(listener.spec);
		if (listener.spec.protocol() == Protocol.UDP) {
			listener.udpSessions = new UdpSessions(listener, this.upstreamPolicy, this.scheduler.executor());
		}
		else {
			listener.forward = new ForwardLinks(listener, this.upstreamPolicy);
		}
	}

	/** Forward: counts what clients send, as a discard does, and lets it go on. */
	ChannelInterceptor countingReceived(ManagedListener listener) {
		MessageHandler countReceived = this.traffic.countingDiscards(listener);
		return new ChannelInterceptor() {

			@Override
			public Message<?> preSend(Message<?> message, MessageChannel channel) {
				countReceived.handleMessage(message);
				return message;
			}

		};
	}

	/** The target policy of probes applies to the upstream: checked now, and again at each connect. */
	private void checkUpstream(ListenerSpec spec) {
		UpstreamAddress upstream = UpstreamAddress.parse(spec.upstream());
		List<InetAddress> addresses;
		try {
			addresses = Arrays.asList(InetAddress.getAllByName(upstream.host()));
		}
		catch (UnknownHostException ex) {
			// may resolve later; each connect checks again, as Toxiproxy lets a proxy wait for its upstream
			return;
		}
		String refusal = this.upstreamPolicy.refusal(upstream.host(), addresses, upstream.port());
		if (refusal != null) {
			throw ListenerException.upstreamDenied(spec.name(), refusal);
		}
	}

}
