package io.netlab.listener.transport;

import org.springframework.integration.ip.tcp.outbound.TcpSendingMessageHandler;
import org.springframework.integration.support.utils.IntegrationUtils;
import org.springframework.messaging.Message;

/**
 * A listener's outbound adapter: Spring Integration's, except that a reply whose headers lead to
 * an open connection of the same factory goes straight to it, without a lookup by id in the map
 * of every open connection.
 * <p>
 * Anything else (a closed connection, headers made anew, a connection of another factory) takes
 * Spring Integration's path unchanged. The factories take no connection interceptors
 * ({@link ServerFactory#setInterceptorFactoryChain}), so the connection in the headers is the one
 * Spring Integration's map would give. A reply an impairment holds back keeps its connection
 * reachable until it is released or dropped.
 */
public final class ReplySender extends TcpSendingMessageHandler {

	private final ServerFactory factory;

	/** Replies to the connections of {@code factory}, as Spring Integration's adapter on it would. */
	public ReplySender(ServerFactory factory) {
		this.factory = factory;
		setConnectionFactory(factory);
	}

	@Override
	public void handleMessageInternal(Message<?> message) {
		ReceivingConnection connection = DataPlaneHeaders.source(message.getHeaders());
		if (connection == null || !connection.isOpen()
				|| !this.factory.getComponentName().equals(connection.getConnectionFactoryName())) {
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
