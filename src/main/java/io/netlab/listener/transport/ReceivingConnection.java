package io.netlab.listener.transport;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.messaging.MessageHeaders;

/**
 * A connection of netlab's transports: the headers of every message it receives are the same,
 * so they are not made per message (a blocking connection keeps its own; a NIO one finds them
 * in its loop's {@link LoopShared}), and they lead back to the connection.
 */
interface ReceivingConnection extends TcpConnection {

	/** {@link DataPlaneHeaders#connection(ReceivingConnection)} of this connection. */
	MessageHeaders receivedHeaders();

	/** From now on, {@link #attachment()} is {@code attachment} (see {@link DataPlaneHeaders#attach}). */
	void attach(Object attachment);

	/** The name of the factory that accepted it (Spring Integration's TcpConnectionSupport has it). */
	String getConnectionFactoryName();

	/** What the listener attached; null before it did. */
	@Nullable Object attachment();

}
