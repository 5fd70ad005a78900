package io.netlab.listener;

import java.util.function.Consumer;

import io.netlab.impair.Chunk;
import io.netlab.impair.Datagram;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

/**
 * The step of an echo flow between receiving and sending back: it counts the message, then
 * the listener's impairments act: with none, the message goes straight on; with some, it goes through them
 * and comes out now, later, several times or never, each time sent to the flow's next
 * endpoint from whichever thread releases it (a socket thread or the impairment scheduler's).
 */
final class ImpairingHandler extends AbstractReplyProducingMessageHandler {

	private final ManagedListener listener;

	private final LiveImpairments impairments;

	private final boolean datagrams;

	private final Consumer<Message<?>> counter;

	/**
	 * @param counter counts each message as received and sent, before the impairments act
	 */
	ImpairingHandler(ManagedListener listener, LiveImpairments impairments, boolean datagrams,
			Consumer<Message<?>> counter) {
		this.listener = listener;
		this.counter = counter;
		this.impairments = impairments;
		this.datagrams = datagrams;
		impairments.outputs(datagram -> release(datagram.route(), datagram.payload()),
				chunk -> release(chunk.route(), chunk.payload()));
	}

	/**
	 * The reply is the request itself (or a copy made with its headers): no second message with
	 * merged headers on the per-message path.
	 */
	@Override
	protected boolean shouldCopyRequestHeaders() {
		return false;
	}

	@Override
	protected @Nullable Object handleRequestMessage(Message<?> request) {
		this.counter.accept(request);
		if (this.impairments.isEmpty()) {
			return request;
		}
		byte[] payload = (byte[]) request.getPayload();
		// the echo was counted as sent on its way here: it is counted again when it really goes out
		ListenerTraffic.sent(this.listener, connection(request), -1, -payload.length);
		if (this.datagrams) {
			this.impairments.datagram(new Datagram(payload, request));
		}
		else {
			this.impairments.chunk((String) request.getHeaders().get(IpHeaders.CONNECTION_ID),
					new Chunk(payload, request));
		}
		return null;
	}

	private @Nullable ConnectionRecord connection(Message<?> message) {
		return ListenerTraffic.connection(this.listener, message);
	}

	private void release(Object route, byte[] payload) {
		Message<?> original = (Message<?>) route;
		ListenerTraffic.sent(this.listener, connection(original), 1, payload.length);
		Message<?> out = (original.getPayload() == payload) ? original
				: MessageBuilder.withPayload(payload).copyHeaders(original.getHeaders()).build();
		try {
			sendOutput(out, null, false);
		}
		catch (RuntimeException ex) {
			// released later, the connection may have closed meanwhile: nothing is left to do
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("Impaired message not sent: " + ex.getMessage());
			}
		}
	}

}
