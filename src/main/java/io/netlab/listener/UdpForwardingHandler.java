package io.netlab.listener;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

/**
 * The step of a UDP forward flow between the receiver and the outbound adapter: a client's
 * datagram goes to its session's upstream socket; the upstream's replies come out later, from
 * the session's thread or the impairment scheduler's, addressed to that client.
 */
final class UdpForwardingHandler extends AbstractReplyProducingMessageHandler {

	private final ManagedListener listener;

	private final UdpSessions sessions;

	UdpForwardingHandler(ManagedListener listener, LiveImpairments impairments, UdpSessions sessions) {
		this.listener = listener;
		this.sessions = sessions;
		impairments.outputs(datagram -> release((Message<?>) datagram.route(), datagram.payload()), chunk -> {
		});
		impairments.forwardDatagrams(UdpSessions::toUpstream);
	}

	@Override
	protected @Nullable Object handleRequestMessage(Message<?> request) {
		if (request.getHeaders().get(IpHeaders.PACKET_ADDRESS) instanceof InetSocketAddress client) {
			this.sessions.fromClient(client, (byte[]) request.getPayload());
		}
		return null;
	}

	private void release(Message<?> route, byte[] payload) {
		ListenerTraffic.sent(this.listener, null, 1, payload.length);
		try {
			sendOutput(MessageBuilder.withPayload(payload).copyHeaders(route.getHeaders()).build(), null, false);
		}
		catch (RuntimeException ex) {
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("Reply from upstream not sent: " + ex.getMessage());
			}
		}
	}

}
