package io.netlab.listener;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

/**
 * The step of a forward flow between the inbound and the outbound adapter: what a client sends
 * goes to its upstream connection (nothing comes out here for it); what the upstream answers
 * comes out later, from the link's thread or the impairment scheduler's, addressed to the
 * client's connection, and is counted as sent.
 */
final class ForwardingHandler extends AbstractReplyProducingMessageHandler {

	private final ManagedListener listener;

	private final ForwardLinks links;

	ForwardingHandler(ManagedListener listener, LiveImpairments impairments, ForwardLinks links) {
		this.listener = listener;
		this.links = links;
		impairments.outputs(datagram -> {
		}, chunk -> release((Message<?>) chunk.route(), chunk.payload()));
	}

	@Override
	protected @Nullable Object handleRequestMessage(Message<?> request) {
		String id = (String) request.getHeaders().get(IpHeaders.CONNECTION_ID);
		if (id != null) {
			this.links.fromClient(id, (byte[]) request.getPayload(), request);
		}
		return null;
	}

	private void release(Message<?> route, byte[] payload) {
		String id = (String) route.getHeaders().get(IpHeaders.CONNECTION_ID);
		ListenerTraffic.sent(this.listener, ListenerTraffic.connection(this.listener, id), 1, payload.length);
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
