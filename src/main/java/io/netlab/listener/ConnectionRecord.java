package io.netlab.listener;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One open TCP connection of a listener, with its counters. Written by the connection's
 * reading thread (and, for what is sent, the impairment scheduler's), read by the API. There is
 * one per open connection, so it holds fields, not objects: the counters are volatile longs
 * changed atomically through VarHandles, the open time is two numbers, the remote address is
 * built from the host string the connection already has and the port when it is asked for.
 */
final class ConnectionRecord {

	private static final VarHandle BYTES_RECEIVED;

	private static final VarHandle BYTES_SENT;

	private static final VarHandle MESSAGES_RECEIVED;

	private static final VarHandle MESSAGES_SENT;

	private static final VarHandle ECHOED_BYTES;

	private static final VarHandle ECHOED_MESSAGES;

	private static final VarHandle CLOSING;

	static {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			BYTES_RECEIVED = lookup.findVarHandle(ConnectionRecord.class, "bytesReceived", long.class);
			BYTES_SENT = lookup.findVarHandle(ConnectionRecord.class, "bytesSent", long.class);
			MESSAGES_RECEIVED = lookup.findVarHandle(ConnectionRecord.class, "messagesReceived", long.class);
			MESSAGES_SENT = lookup.findVarHandle(ConnectionRecord.class, "messagesSent", long.class);
			ECHOED_BYTES = lookup.findVarHandle(ConnectionRecord.class, "echoedBytes", long.class);
			ECHOED_MESSAGES = lookup.findVarHandle(ConnectionRecord.class, "echoedMessages", long.class);
			CLOSING = lookup.findVarHandle(ConnectionRecord.class, "closing", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final String id;

	/** The peer's host address, the connection's own string (not a copy). */
	private final String host;

	private final int port;

	/** The peer's address, for per-source limits; null if the socket did not tell. */
	final @Nullable InetAddress source;

	/** When it opened: {@link Instant#now()}'s seconds and nanoseconds, kept without the object. */
	private final long openedSecond;

	private final int openedNano;

	/** Counters, only changed through their VarHandles (atomic adds: several threads count sends). */
	private volatile long bytesReceived;

	private volatile long bytesSent;

	private volatile long messagesReceived;

	private volatile long messagesSent;

	/** Echoes, each a message received and sent back: counted once, added into both sides when read. */
	private volatile long echoedBytes;

	private volatile long echoedMessages;

	/** TLS: protocol, cipher suite and handshake time once the handshake is done; else null. */
	volatile @Nullable Tls tls;

	/** Forward: the upstream connection once connected, {@code local -> remote}; else null. */
	volatile @Nullable String upstream;

	/** Set by the one close event that counts and reports this connection's close (through {@link #CLOSING}). */
	private volatile boolean closing;

	/** Why netlab closed it, when netlab did; null when the peer closed it. */
	volatile @Nullable CloseReason closeReason;

	/** What a TLS connection agreed on. */
	record Tls(String protocol, String cipher, long handshakeMs) {
	}

	ConnectionRecord(String id, String host, int port, @Nullable InetAddress source) {
		this.id = id;
		this.host = host;
		this.port = port;
		this.source = source;
		Instant now = Instant.now();
		this.openedSecond = now.getEpochSecond();
		this.openedNano = now.getNano();
	}

	/** {@code host:port}, or {@code [host]:port} for IPv6; built anew on each call (events and views only). */
	String remoteAddress() {
		return ListenerTraffic.remoteAddress(this.host, this.port);
	}

	Instant openedAt() {
		return Instant.ofEpochSecond(this.openedSecond, this.openedNano);
	}

	void received(long bytes) {
		MESSAGES_RECEIVED.getAndAdd(this, 1L);
		BYTES_RECEIVED.getAndAdd(this, bytes);
	}

	/** Count messages sent (negative to take back what was counted too early). */
	void sent(long messages, long bytes) {
		MESSAGES_SENT.getAndAdd(this, messages);
		BYTES_SENT.getAndAdd(this, bytes);
	}

	/** An echo: a message received and sent back, in two atomic adds instead of four. */
	void echoed(long bytes) {
		ECHOED_MESSAGES.getAndAdd(this, 1L);
		ECHOED_BYTES.getAndAdd(this, bytes);
	}

	long bytesReceived() {
		return this.bytesReceived + this.echoedBytes;
	}

	long bytesSent() {
		return this.bytesSent + this.echoedBytes;
	}

	long messagesReceived() {
		return this.messagesReceived + this.echoedMessages;
	}

	long messagesSent() {
		return this.messagesSent + this.echoedMessages;
	}

	/** True for the one caller that gets to count and report the close. */
	boolean startClosing() {
		return CLOSING.compareAndSet(this, false, true);
	}

	ConnectionView view() {
		Tls agreed = this.tls;
		return new ConnectionView(this.id, remoteAddress(), openedAt(), bytesReceived(), bytesSent(),
				messagesReceived(), messagesSent(), (agreed != null) ? agreed.protocol() : null,
				(agreed != null) ? agreed.cipher() : null, (agreed != null) ? agreed.handshakeMs() : null,
				this.upstream);
	}

}
