package io.netlab.listener;

import java.net.InetAddress;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.netlab.listener.transport.TlsHandshakeCompletedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.SocketInfo;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Counts what flows through the listeners and keeps each listener's open connections, from the
 * flows' handlers and from Spring Integration's connection events. Everything here runs on
 * socket threads (selector loops, connection threads), so it only counts and never blocks.
 */
@Component
class ListenerTraffic {

	private static final Log logger = LogFactory.getLog(ListenerTraffic.class);

	/** Running TCP listeners by the bean name of their connection factory. */
	private final Map<String, ManagedListener> byFactory = new ConcurrentHashMap<>();

	void track(ManagedListener listener) {
		this.byFactory.put(listener.factoryName(), listener);
	}

	void untrack(ManagedListener listener) {
		this.byFactory.remove(listener.factoryName(), listener);
	}

	/**
	 * Counts each message on its way back out, as it passes the channel between the inbound and
	 * the outbound adapter of an echo listener; the message itself goes on unchanged.
	 */
	ChannelInterceptor countingEchoes(ManagedListener listener) {
		return new ChannelInterceptor() {

			@Override
			public Message<?> preSend(Message<?> message, MessageChannel channel) {
				int bytes = ((byte[]) message.getPayload()).length;
				ConnectionRecord connection = connection(listener, message);
				received(listener, connection, bytes);
				sent(listener, connection, bytes);
				return message;
			}

		};
	}

	/** Counts each message of a discard listener, and does nothing else with it. */
	MessageHandler countingDiscards(ManagedListener listener) {
		return message -> received(listener, connection(listener, message), ((byte[]) message.getPayload()).length);
	}

	private static @Nullable ConnectionRecord connection(ManagedListener listener, Message<?> message) {
		Object id = message.getHeaders().get(IpHeaders.CONNECTION_ID);
		return (id != null) ? listener.connections.get(id) : null;
	}

	void datagramDropped(ManagedListener listener, DropReason reason) {
		listener.stats.dropped(reason);
	}

	private static void received(ManagedListener listener, @Nullable ConnectionRecord connection, int bytes) {
		listener.stats.messagesReceived.increment();
		listener.stats.bytesReceived.add(bytes);
		if (connection != null) {
			connection.messagesReceived.incrementAndGet();
			connection.bytesReceived.addAndGet(bytes);
		}
	}

	private static void sent(ManagedListener listener, @Nullable ConnectionRecord connection, int bytes) {
		listener.stats.messagesSent.increment();
		listener.stats.bytesSent.add(bytes);
		if (connection != null) {
			connection.messagesSent.incrementAndGet();
			connection.bytesSent.addAndGet(bytes);
		}
	}

	/** Runs on the accepting thread; a connection over the limit is closed at once. */
	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		ManagedListener listener = this.byFactory.get(event.getConnectionFactoryName());
		if (listener == null) {
			return;
		}
		TcpConnection connection = (TcpConnection) event.getSource();
		SocketInfo socket = connection.getSocketInfo();
		InetAddress source = (socket != null) ? socket.getInetAddress() : null;
		ConnectionRecord record = new ConnectionRecord(event.getConnectionId(),
				remoteAddress(connection.getHostAddress(), connection.getPort()), source);
		listener.connections.put(record.id, record);
		listener.stats.connectionsTotal.increment();
		if (!listener.effectiveOptions.containsKey("tcpNoDelay")) {
			addConnectionOptions(listener, socket);
		}
		int active = listener.stats.connectionsActive.incrementAndGet();
		int fromSource = (source != null)
				? listener.perSource.computeIfAbsent(source, key -> new AtomicInteger()).incrementAndGet() : 0;
		ListenerSpec.Limits limits = listener.spec.limits();
		String denied = (source != null) ? listener.access.refusal(source) : null;
		if (denied != null) {
			reject(listener, connection, record, CloseReason.DENIED, denied);
		}
		else if (active > limits.maxConnections()) {
			reject(listener, connection, record, CloseReason.LIMIT, "over maxConnections " + limits.maxConnections());
		}
		else if (fromSource > limits.maxConnectionsPerSource()) {
			reject(listener, connection, record, CloseReason.LIMIT,
					"over maxConnectionsPerSource " + limits.maxConnectionsPerSource());
		}
	}

	private static void reject(ManagedListener listener, TcpConnection connection, ConnectionRecord record,
			CloseReason reason, String why) {
		record.closeReason = reason;
		listener.stats.rejected(reason);
		logger.debug("Listener " + listener.name() + " refused " + record.remoteAddress + ": " + why);
		connection.close();
	}

	/** Runs on the connection's socket thread when its TLS handshake completes. */
	@EventListener
	void handshakeCompleted(TlsHandshakeCompletedEvent event) {
		ManagedListener listener = this.byFactory.get(event.getConnectionFactoryName());
		ConnectionRecord record = (listener != null) ? listener.connections.get(event.getConnectionId()) : null;
		if (record != null) {
			record.tlsProtocol = event.getProtocol();
			record.tlsCipher = event.getCipherSuite();
			record.tlsHandshakeMs = event.getHandshakeMillis();
		}
	}

	@EventListener
	void failed(TcpConnectionExceptionEvent event) {
		ManagedListener listener = this.byFactory.get(event.getConnectionFactoryName());
		ConnectionRecord record = (listener != null) ? listener.connections.get(event.getConnectionId()) : null;
		if (record != null && record.closeReason == null) {
			record.closeReason = CloseReason.of(event.getCause());
		}
	}

	@EventListener
	void closed(TcpConnectionCloseEvent event) {
		ManagedListener listener = this.byFactory.get(event.getConnectionFactoryName());
		if (listener == null) {
			return;
		}
		ConnectionRecord record = listener.connections.remove(event.getConnectionId());
		if (listener.connections.isEmpty()) {
			synchronized (listener.connections) {
				listener.connections.notifyAll();
			}
		}
		if (record != null) {
			listener.stats.connectionsActive.decrementAndGet();
			if (record.source != null) {
				AtomicInteger count = listener.perSource.get(record.source);
				if (count != null && count.decrementAndGet() <= 0) {
					listener.perSource.remove(record.source, count);
				}
			}
			CloseReason reason = record.closeReason;
			listener.stats.closed((reason != null) ? reason : CloseReason.CLIENT);
		}
	}

	/** Mark the open connections as closed by netlab, before it closes them. */
	void closingAll(ManagedListener listener) {
		listener.connections.values().forEach(record -> {
			if (record.closeReason == null) {
				record.closeReason = CloseReason.SERVER;
			}
		});
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
