package io.netlab.listener;

import java.io.IOException;
import java.net.SocketTimeoutException;

import com.fasterxml.jackson.annotation.JsonValue;
import io.netlab.listener.transport.FramingException;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Why a connection closed, from a fixed set (a bounded tag for metrics).
 */
public enum CloseReason {

	/** The peer closed it. */
	CLIENT,
	/** netlab closed it: listener stopped or deleted, or closed over the API. */
	SERVER,
	/** Silent for longer than {@code limits.idleTimeoutMs}. */
	IDLE,
	/** The peer reset it. */
	RESET,
	/** Over {@code limits.maxConnections}. */
	LIMIT,
	/** A frame over {@code limits.maxMessageBytes}. */
	OVERSIZE,
	/** Refused by an access rule. */
	DENIED,
	/** A TLS handshake failed or stalled (plaintext on a TLS port, an old protocol, no certificate ...). */
	TLS,
	/** Anything else: malformed framing, an I/O error. */
	ERROR;

	@JsonValue
	public String wireName() {
		return WireNames.of(this);
	}

	/** The reason a connection failure stands for; null for a normal end of stream. */
	static @Nullable CloseReason of(Throwable failure) {
		Throwable cause = failure;
		for (Throwable c = failure; c != null; c = c.getCause()) {
			if (c instanceof javax.net.ssl.SSLException) {
				return TLS;
			}
		}
		while (cause.getCause() != null && !(cause instanceof FramingException)
				&& !(cause instanceof SocketTimeoutException) && !(cause instanceof SoftEndOfStreamException)) {
			cause = cause.getCause();
		}
		if (cause instanceof SoftEndOfStreamException) {
			return null;
		}
		if (cause instanceof FramingException framing) {
			return framing.isOversize() ? OVERSIZE : ERROR;
		}
		if (cause instanceof SocketTimeoutException) {
			return IDLE;
		}
		if (cause instanceof IOException && String.valueOf(cause.getMessage()).contains("reset")) {
			return RESET;
		}
		return ERROR;
	}

}
