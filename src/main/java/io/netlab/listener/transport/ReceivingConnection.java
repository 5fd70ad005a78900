package io.netlab.listener.transport;

import org.springframework.messaging.MessageHeaders;

/**
 * A connection of netlab's transports: the headers of every message it receives are the same,
 * so it makes them once.
 */
interface ReceivingConnection {

	/** {@link DataPlaneHeaders#connection} of this connection's id. */
	MessageHeaders receivedHeaders();

}
