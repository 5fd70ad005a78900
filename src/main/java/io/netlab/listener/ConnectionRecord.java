package io.netlab.listener;

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

	final Instant openedAt = Instant.now();

	final AtomicLong bytesReceived = new AtomicLong();

	final AtomicLong bytesSent = new AtomicLong();

	final AtomicLong messagesReceived = new AtomicLong();

	final AtomicLong messagesSent = new AtomicLong();

	/** Set by the one close event that counts and reports this connection's close. */
	final AtomicBoolean closing = new AtomicBoolean();

	/** Why netlab closed it, when netlab did; null when the peer closed it. */
	volatile @Nullable CloseReason closeReason;

	ConnectionRecord(String id, String remoteAddress) {
		this.id = id;
		this.remoteAddress = remoteAddress;
	}

	ConnectionView view() {
		return new ConnectionView(this.id, this.remoteAddress, this.openedAt, this.bytesReceived.get(),
				this.bytesSent.get(), this.messagesReceived.get(), this.messagesSent.get());
	}

}
