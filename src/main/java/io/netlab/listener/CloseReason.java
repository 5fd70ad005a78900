package io.netlab.listener;

import java.io.IOException;
import java.net.SocketTimeoutException;

import com.fasterxml.jackson.annotation.JsonValue;
import io.netlab.listener.transport.ConnectionFailure;
import io.netlab.wire.FramingException;
import io.netlab.wire.WireNames;
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
	/** No read and no write for longer than {@code limits.idleTimeoutMs}. */
	IDLE,
	/** The peer reset it. */
	RESET,
	/** Over {@code limits.maxConnections}. */
	LIMIT,
	/** A frame over {@code limits.maxMessageBytes}, known from its header or a missing terminator. */
	FRAME_TOO_LARGE,
	/** A frame started but not complete within {@code limits.frameTimeoutMs}. */
	FRAME_TIMEOUT,
	/** The peer did not read its replies for {@code limits.writeStallTimeoutMs}. */
	SLOW_CONSUMER,
	/** Refused by an access rule. */
	DENIED,
	/** A TLS handshake failed or stalled (plaintext on a TLS port, an old protocol, no certificate ...). */
	TLS,
	/** Forward: the upstream refused the connection or could not be reached. */
	UPSTREAM_REFUSED,
	/** Forward: the upstream did not answer the connection within the connect timeout. */
	UPSTREAM_TIMEOUT,
	/** An impairment closed or reset it ({@code timeout}, {@code reset_peer}, {@code limit_data}). */
	IMPAIRMENT,
	/** Anything else: malformed framing, an I/O error, a failure of netlab's own code. */
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
				&& !(cause instanceof ConnectionFailure) && !(cause instanceof SocketTimeoutException)
				&& !(cause instanceof SoftEndOfStreamException)) {
			cause = cause.getCause();
		}
		if (cause instanceof ConnectionFailure limit) {
			return switch (limit.kind()) {
				case IDLE -> IDLE;
				case FRAME_TIMEOUT -> FRAME_TIMEOUT;
				case SLOW_CONSUMER -> SLOW_CONSUMER;
				case INTERNAL -> ERROR;
			};
		}
		if (cause instanceof SoftEndOfStreamException) {
			return null;
		}
		if (cause instanceof FramingException framing) {
			return framing.isTooLarge() ? FRAME_TOO_LARGE : ERROR;
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
