package io.netlab.listener.transport;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.messaging.MessageHeaders;

/**
 * The headers of a message a listener receives: the one header a reply needs to find its way
 * back ({@code ip_connectionId} for TCP, {@code ip_packetAddress} for UDP), held in two fields,
 * and no {@code id} or {@code timestamp}. A hash map, a random id and a clock read per message
 * cost more than an echo's own work, and no listener flow reads anything else. Read-only like
 * every {@link MessageHeaders}; a builder that copies them copies the one header.
 * <p>
 * A connection's headers also carry, out of sight of the header map, the connection itself:
 * what the listener attached to it when it opened ({@link #attach}) and the connection a reply
 * goes out on are then one field away instead of a lookup by connection id in a table of every
 * open connection.
 */
public final class DataPlaneHeaders extends MessageHeaders {

	private final String key;

	private final Object value;

	/** The connection the message came in on; not part of the headers (and never serialized with them). */
	private final transient @Nullable ReceivingConnection source;

	private DataPlaneHeaders(String key, Object value, @Nullable ReceivingConnection source) {
		super(null, ID_VALUE_NONE, -1L); // the inherited map stays empty: every read is answered here
		this.key = key;
		this.value = value;
		this.source = source;
	}

	/** Headers of a frame received on a TCP connection, known by its id only. */
	public static MessageHeaders connection(String connectionId) {
		return new DataPlaneHeaders(IpHeaders.CONNECTION_ID, connectionId, null);
	}

	/** Headers of a frame received on {@code source}, one of netlab's connections. */
	static MessageHeaders connection(ReceivingConnection source) {
		return new DataPlaneHeaders(IpHeaders.CONNECTION_ID, source.getConnectionId(), source);
	}

	/** Headers of a datagram received from {@code sender}. */
	public static MessageHeaders datagram(InetSocketAddress sender) {
		return new DataPlaneHeaders(IpHeaders.PACKET_ADDRESS, sender, null);
	}

	/**
	 * Have {@code attachment} found from the headers of every message received on
	 * {@code connection}; for connections of netlab's transports, a no-op for any other.
	 */
	public static void attach(TcpConnection connection, Object attachment) {
		if (connection instanceof ReceivingConnection own) {
			own.attach(attachment);
		}
	}

	/** What the listener attached to the connection these headers' message came from; null if nothing. */
	public static @Nullable Object attachment(MessageHeaders headers) {
		ReceivingConnection source = source(headers);
		return (source != null) ? source.attachment() : null;
	}

	/** The connection these headers' message came in on; null if they do not carry it. */
	static @Nullable ReceivingConnection source(MessageHeaders headers) {
		return (headers instanceof DataPlaneHeaders own) ? own.source : null;
	}

	@Override
	public @Nullable Object get(Object key) {
		return this.key.equals(key) ? this.value : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Class<T> type) {
		Object found = get(key);
		if (found != null && !type.isInstance(found)) {
			throw new IllegalArgumentException("Incorrect type specified for header '" + key + "'. Expected [" + type
					+ "] but actual type is [" + found.getClass() + "]");
		}
		return (T) found;
	}

	@Override
	public boolean containsKey(Object key) {
		return this.key.equals(key);
	}

	@Override
	public boolean containsValue(Object value) {
		return this.value.equals(value);
	}

	@Override
	public Set<Map.Entry<String, Object>> entrySet() {
		return Set.of(Map.entry(this.key, this.value));
	}

	@Override
	public Set<String> keySet() {
		return Set.of(this.key);
	}

	@Override
	public Collection<Object> values() {
		return List.of(this.value);
	}

	@Override
	public int size() {
		return 1;
	}

	@Override
	public boolean isEmpty() {
		return false;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof MessageHeaders headers && entrySet().equals(headers.entrySet()));
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.key) ^ Objects.hashCode(this.value);
	}

	@Override
	public String toString() {
		return "{" + this.key + "=" + this.value + "}";
	}

}
