package io.netlab.probe;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a probe (or one message of a load run) failed; a closed set, so it can be a metric tag.
 */
public enum ProbeError {

	/** The host name has no address. */
	DNS,
	/** Nothing listens there: TCP RST to the SYN, or ICMP port unreachable for UDP. */
	REFUSED,
	/** No connection, handshake or reply within the timeout. */
	TIMEOUT,
	/** The peer reset the connection. */
	RESET,
	/** The TLS handshake failed: untrusted certificate, wrong name, no common protocol. */
	TLS,
	/** The peer closed the connection before a complete reply. */
	CLOSED,
	/** A reply came but is not what {@code expect} asked for. */
	MISMATCH,
	/** Any other I/O failure (no route, malformed reply frame, ...). */
	IO;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The kind of a socket failure, from its type and, where the JDK gives no type, its message. */
	static ProbeError of(IOException failure) {
		if (failure instanceof UnknownHostException) {
			return DNS;
		}
		if (failure instanceof SocketTimeoutException) {
			return TIMEOUT;
		}
		if (failure instanceof PortUnreachableException) {
			return REFUSED;
		}
		if (failure instanceof EOFException) {
			return CLOSED;
		}
		if (failure instanceof SSLException) {
			// a reset or a timeout during the handshake is reported wrapped in an SSLException
			Throwable cause = failure.getCause();
			return (cause instanceof IOException io && !(cause instanceof SSLException) && of(io) != IO) ? of(io) : TLS;
		}
		String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
		if (failure instanceof ConnectException) {
			return message.contains("timed out") ? TIMEOUT : message.contains("refused") ? REFUSED : IO;
		}
		if (failure instanceof NoRouteToHostException) {
			return IO;
		}
		if (message.contains("reset") || message.contains("broken pipe")) {
			return RESET;
		}
		if (message.contains("refused") || message.contains("port unreachable")) {
			return REFUSED;
		}
		return IO;
	}

}
