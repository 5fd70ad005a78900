package io.netlab.listener.transport;

import org.springframework.messaging.MessageHeaders;

/**
 * A connection of netlab's transports: the headers of every message it receives are the same,
 * so they are not made per message (a blocking connection keeps its own; a NIO one finds them
 * in its loop's {@link LoopShared}).
 */
interface ReceivingConnection {

	/** {@link DataPlaneHeaders#connection} of this connection's id and attachment. */
	MessageHeaders receivedHeaders();

	/** From now on, every message received here carries {@code attachment} (see {@link DataPlaneHeaders#attach}). */
	void attach(Object attachment);

}
