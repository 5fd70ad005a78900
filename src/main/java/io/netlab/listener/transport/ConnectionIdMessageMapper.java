package io.netlab.listener.transport;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * Maps a received frame to a message with one header, {@code ip_connectionId}: all a reply
 * needs to find its connection, and all the listener's flows read. The default mapper also
 * copies the peer's host, address and ports and the local address into every message, which
 * costs more than the rest of an echo; those are one lookup away by connection id. No id or
 * timestamp either ({@link DataPlaneHeaders}); netlab's transports do not make them per message.
 */
public class ConnectionIdMessageMapper extends TcpMessageMapper {

	@Override
	public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
		Object payload = connection.getPayload();
		if (payload == null) {
			return null;
		}
		return new GenericMessage<>(payload, (connection instanceof ReceivingConnection own) ? own.receivedHeaders()
				: DataPlaneHeaders.connection(connection.getConnectionId()));
	}

}
