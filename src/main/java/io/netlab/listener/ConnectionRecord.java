package io.netlab.listener;

import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * One open TCP connection of a listener, with its counters. Written by the connection's
 * reading thread, read by the API.
 */
final class ConnectionRecord {

	final String id;

	final String remoteAddress;

	/** The peer's address, for per-source limits; null if the socket did not tell. */
	final @Nullable InetAddress source;

	final Instant openedAt = Instant.now();

	final AtomicLong bytesReceived = new AtomicLong();

	final AtomicLong bytesSent = new AtomicLong();

	final AtomicLong messagesReceived = new AtomicLong();

	final AtomicLong messagesSent = new AtomicLong();

	/** TLS: protocol, cipher suite and handshake time once the handshake is done; else null. */
	volatile @Nullable String tlsProtocol;

	volatile @Nullable String tlsCipher;

	volatile @Nullable Long tlsHandshakeMs;

	/** Forward: the upstream connection once connected, {@code local -> remote}; else null. */
	volatile @Nullable String upstream;

	/** Set by the one close event that counts and reports this connection's close. */
	final AtomicBoolean closing = new AtomicBoolean();

	/** Why netlab closed it, when netlab did; null when the peer closed it. */
	volatile @Nullable CloseReason closeReason;

	ConnectionRecord(String id, String remoteAddress, @Nullable InetAddress source) {
		this.id = id;
		this.remoteAddress = remoteAddress;
		this.source = source;
	}

	ConnectionView view() {
		return new ConnectionView(this.id, this.remoteAddress, this.openedAt, this.bytesReceived.get(),
				this.bytesSent.get(), this.messagesReceived.get(), this.messagesSent.get(), this.tlsProtocol,
				this.tlsCipher, this.tlsHandshakeMs, this.upstream);
	}

}
