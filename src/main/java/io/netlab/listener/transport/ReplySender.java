package io.netlab.listener.transport;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.outbound.TcpSendingMessageHandler;
import org.springframework.integration.support.utils.IntegrationUtils;
import org.springframework.messaging.Message;

/**
 * A listener's outbound adapter: Spring Integration's, which finds the connection of a reply by
 * its id in a map of every open connection, except that a reply carrying the headers it came in
 * with goes straight back out on the connection they lead to while it is open. At a thousand
 * connections the map lookup was a measurable share of an echo; the outcome is the same, and a
 * reply on a closed connection (or one made with new headers) still takes Spring Integration's path.
 */
public final class ReplySender extends TcpSendingMessageHandler {

	/** Single-use connections close after their reply: Spring Integration's path does that. */
	private final boolean direct;

	public ReplySender(ServerFactory factory) {
		setConnectionFactory(factory);
		this.direct = !factory.isSingleUse();
	}

	@Override
	public void handleMessageInternal(Message<?> message) {
		TcpConnection connection = DataPlaneHeaders.receivedOn(message.getHeaders());
		if (!this.direct || connection == null || !connection.isOpen()) {
			super.handleMessageInternal(message);
			return;
		}
		try {
			connection.send(message);
		}
		catch (Exception ex) {
			connection.close();
			throw IntegrationUtils.wrapInHandlingExceptionIfNecessary(message,
					() -> "Error sending message in the [" + this + ']', ex);
		}
	}

}
