package io.netlab.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.netlab.events.ConnectionClosed;
import io.netlab.events.ConnectionOpened;
import io.netlab.events.ConnectionRejected;
import io.netlab.events.DatagramReceived;
import io.netlab.events.EventsProperties;
import io.netlab.events.LabEvent;
import io.netlab.events.MessageReceived;
import io.netlab.listener.transport.DataPlaneHeaders;
import io.netlab.listener.transport.TlsHandshakeCompletedEvent;
import io.netlab.wire.Protocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.SocketInfo;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.stereotype.Component;

/**
 * Counts what flows through the listeners, keeps each listener's open connections and publishes
 * the connection and message events, from the flows' handlers and from Spring Integration's
 * connection events. Everything here runs on socket threads (selector loops, connection
 * threads), so it only counts and hands events to the publisher, whose consumers never block.
 */
@Component
class ListenerTraffic {

	private static final Log logger = LogFactory.getLog(ListenerTraffic.class);

	/** Running TCP listeners by the bean name of their connection factory. */
	private final Map<String, ManagedListener> byFactory = new ConcurrentHashMap<>();

	private final ApplicationEventPublisher events;

	private final int messageEventsPerSecond;

	ListenerTraffic(ApplicationEventPublisher events, EventsProperties eventsProperties) {
		this.events = events;
		this.messageEventsPerSecond = eventsProperties.messageEventsPerSecond();
	}

	void track(ManagedListener listener) {
		this.byFactory.put(listener.factoryName(), listener);
	}

	void untrack(ManagedListener listener) {
		this.byFactory.remove(listener.factoryName(), listener);
	}

	/**
	 * Counts each message of an echo listener on its way back out, in the echo step before
	 * {@code impairments} act (a channel interceptor would cost the channel an interceptor stack
	 * per message), and each frame a transport echoes directly.
	 */
	EchoCounter countingEchoes(ManagedListener listener, @Nullable LiveImpairments impairments) {
		return new EchoCounter(this, listener, impairments, new EventRate(this.messageEventsPerSecond));
	}

	/** Counts each message of a discard listener, and does nothing else with it. */
	MessageHandler countingDiscards(ManagedListener listener) {
		EventRate sampled = new EventRate(this.messageEventsPerSecond);
		return message -> {
			byte[] payload = (byte[]) message.getPayload();
			ConnectionRecord connection = connection(listener, message);
			received(listener, connection, payload.length);
			if (sampled.tryAcquire()) {
				publishReceived(listener, connection, message, payload);
			}
		};
	}

	/** The sampled event of a message (for UDP, {@code message} tells the sender). */
	void publishReceived(ManagedListener listener, @Nullable ConnectionRecord connection, @Nullable Message<?> message,
			byte[] payload) {
		if (connection != null) {
			publish(MessageReceived.of(listener.name(), connection.id, connection.remoteAddress(), payload));
		}
		else if (listener.spec.protocol() == Protocol.UDP && message != null
				&& message.getHeaders().get(IpHeaders.PACKET_ADDRESS) instanceof InetSocketAddress sender) {
			publish(DatagramReceived.of(listener.name(),
					remoteAddress(sender.getAddress().getHostAddress(), sender.getPort()), payload));
		}
	}

	private void publish(LabEvent event) {
		this.events.publishEvent(event);
	}

	/**
	 * The connection a message came in on: attached to its headers when it opened (one field
	 * away), else looked up by id.
	 */
	static @Nullable ConnectionRecord connection(ManagedListener listener, Message<?> message) {
		if (DataPlaneHeaders.attachment(message.getHeaders()) instanceof ConnectionRecord attached) {
			return attached;
		}
		Object id = message.getHeaders().get(IpHeaders.CONNECTION_ID);
		return (id != null) ? listener.connections.get(id.toString()) : null;
	}

	void datagramDropped(ManagedListener listener, DropReason reason) {
		listener.stats.dropped(reason);
	}

	static void received(ManagedListener listener, @Nullable ConnectionRecord connection, int bytes) {
		listener.stats.messagesReceived.increment();
		listener.stats.bytesReceived.add(bytes);
		if (connection != null) {
			connection.received(bytes);
		}
	}

	/** Count an echo: a message received and the same bytes sent back, with half the atomic adds of the two. */
	static void echoed(ManagedListener listener, @Nullable ConnectionRecord connection, int bytes) {
		listener.stats.echoedMessages.increment();
		listener.stats.echoedBytes.add(bytes);
		if (connection != null) {
			connection.echoed(bytes);
		}
	}

	/**
	 * Count messages sent (negative to take back what was counted too early: an echo the
	 * impairments delay, drop or duplicate is counted when it really goes out).
	 */
	static void sent(ManagedListener listener, @Nullable ConnectionRecord connection, int messages, long bytes) {
		listener.stats.messagesSent.add(messages);
		listener.stats.bytesSent.add(bytes);
		if (connection != null) {
			connection.sent(messages, bytes);
		}
	}

	static @Nullable ConnectionRecord connection(ManagedListener listener, @Nullable String connectionId) {
		return (connectionId != null) ? listener.connections.get(connectionId) : null;
	}

	/**
	 * Runs on the accepting thread, before any byte is read: a connection from a denied source,
	 * or over a limit, is closed at once. A TLS connection is reported as opened once its
	 * handshake is done, with the protocol and cipher it agreed on.
	 */
	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		ManagedListener listener = this.byFactory.get(event.getConnectionFactoryName());
		if (listener == null) {
			return;
		}
		TcpConnection connection = (TcpConnection) event.getSource();
		SocketInfo socket = connection.getSocketInfo();
		InetAddress source = (socket != null) ? socket.getInetAddress() : null;
		ConnectionRecord record = new ConnectionRecord(event.getConnectionId(), connection.getHostAddress(),
				connection.getPort(), source);
		if (!listener.effectiveOptions.containsKey("tcpNoDelay")) {
			addConnectionOptions(listener, socket);
		}
		ConnectionTable.Refusal refusal = listener.connections.open(record, listener.access, listener.spec.limits());
		if (refusal != null) {
			reject(listener, connection, record, refusal);
		}
		else {
			DataPlaneHeaders.attach(connection, record);
			LiveImpairments impairments = listener.impairments;
			ForwardLinks forward = listener.forward;
			if (forward != null) {
				forward.opened(record.id, new ImpairedConnection(connection, record));
			}
			else if (impairments != null) {
				impairments.opened(record.id, new ImpairedConnection(connection, record));
			}
			if (listener.spec.tls() == null) {
				publish(new ConnectionOpened(Instant.now(), listener.name(), record.id, record.remoteAddress(), null,
						null, null));
			}
		}
	}

	private void reject(ManagedListener listener, TcpConnection connection, ConnectionRecord record,
			ConnectionTable.Refusal refusal) {
		String remoteAddress = record.remoteAddress();
		logger.debug("Listener " + listener.name() + " refused " + remoteAddress + ": " + refusal.why());
		publish(new ConnectionRejected(Instant.now(), listener.name(), record.id, remoteAddress,
				refusal.reason().wireName()));
		connection.close();
	}

	/** Runs on the connection's socket thread when its TLS handshake completes. */
	@EventListener
	void handshakeCompleted(TlsHandshakeCompletedEvent event) {
		ManagedListener listener = this.byFactory.get(event.getConnectionFactoryName());
		ConnectionRecord record = (listener != null) ? listener.connections.get(event.getConnectionId()) : null;
		if (record != null) {
			record.tls = new ConnectionRecord.Tls(event.getProtocol(), event.getCipherSuite(),
					event.getHandshakeMillis());
			publish(new ConnectionOpened(Instant.now(), listener.name(), record.id, record.remoteAddress(),
					event.getProtocol(), event.getCipherSuite(), event.getHandshakeMillis()));
		}
	}

	@EventListener
	void failed(TcpConnectionExceptionEvent event) {
		ManagedListener listener = this.byFactory.get(event.getConnectionFactoryName());
		if (listener != null) {
			listener.connections.failed(event.getConnectionId(), CloseReason.of(event.getCause()));
		}
	}

	@EventListener
	void closed(TcpConnectionCloseEvent event) {
		ManagedListener listener = this.byFactory.get(event.getConnectionFactoryName());
		if (listener == null) {
			return;
		}
		// the forward link first: it reads the connection's slow_close before its impairments go
		ForwardLinks forward = listener.forward;
		if (forward != null) {
			forward.closed(event.getConnectionId());
		}
		LiveImpairments impairments = listener.impairments;
		if (impairments != null) {
			impairments.closed(event.getConnectionId());
		}
		ConnectionRecord record = listener.connections.closed(event.getConnectionId());
		// a connection closed on accept was reported as ConnectionRejected, never as opened
		if (record != null && record.closeReason != CloseReason.LIMIT && record.closeReason != CloseReason.DENIED) {
			Instant now = Instant.now();
			publish(new ConnectionClosed(now, listener.name(), record.id, record.remoteAddress(),
					record.closeReason.wireName(), record.bytesReceived(), record.bytesSent(), record.messagesReceived(),
					record.messagesSent(), Duration.between(record.openedAt(), now).toMillis()));
		}
	}

	/** Mark the open connections as closed by netlab, before it closes them. */
	void closingAll(ManagedListener listener) {
		listener.connections.closingAll();
	}

	private static void addConnectionOptions(ManagedListener listener, SocketInfo socket) {
		if (socket == null) {
			return;
		}
		Map<String, Object> effective = new LinkedHashMap<>(listener.effectiveOptions);
		try {
			effective.put("sendBufferSize", socket.getSendBufferSize());
			effective.put("connectionReceiveBufferSize", socket.getReceiveBufferSize());
			effective.put("tcpNoDelay", socket.getTcpNoDelay());
			effective.put("lingerSeconds", socket.getSoLinger());
		}
		catch (SocketException ex) {
			logger.debug("Cannot read socket options", ex);
			return;
		}
		listener.effectiveOptions = effective;
	}

	static String remoteAddress(String host, int port) {
		return (host.indexOf(':') >= 0) ? "[" + host + "]:" + port : host + ":" + port;
	}

}
