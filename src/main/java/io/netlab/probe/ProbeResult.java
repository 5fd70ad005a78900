package io.netlab.probe;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netlab.wire.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a one-shot probe, answered with 200 whatever it was: {@code success}, or the
 * kind of {@code error} and a {@code message} a person can act on.
 *
 * @param success whether a reply came (and matched {@code expect}), or for a connect-only probe, the connection
 * @param error null, or why the probe failed
 * @param message null, or what happened in words
 * @param protocol tcp or udp
 * @param remoteAddress the address and port connected (or sent) to
 * @param localAddress the local address and the ephemeral port the client got
 * @param bytesSent bytes written, framing included
 * @param bytesReceived bytes read, framing included
 * @param reply the reply payload as UTF-8 text (invalid sequences replaced)
 * @param replyBase64 the reply payload exactly, base64-encoded
 * @param timings where the time went
 * @param tls the negotiated TLS session, for a TLS probe that got that far
 */
public record ProbeResult(boolean success, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable ProbeError error,
		@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String message, Protocol protocol,
		@Nullable String remoteAddress, @Nullable String localAddress, long bytesSent, long bytesReceived,
		@Nullable String reply, @Nullable String replyBase64, Timings timings, @Nullable TlsSession tls) {

	static @Nullable String text(byte @Nullable [] reply) {
		return (reply != null) ? new String(reply, StandardCharsets.UTF_8) : null;
	}

	static @Nullable String base64(byte @Nullable [] reply) {
		return (reply != null) ? Base64.getEncoder().encodeToString(reply) : null;
	}

	/**
	 * Milliseconds spent in each step; a step that did not happen is null.
	 *
	 * @param resolve the DNS lookup (0 for an address literal or a listener)
	 * @param connect from connect to established (TCP); UDP has no handshake, so ~0
	 * @param tls the TLS handshake
	 * @param firstByte from the end of sending to the first byte of the reply
	 * @param total from the start of the lookup to the end
	 */
	public record Timings(double resolve, @Nullable Double connect, @Nullable Double tls, @Nullable Double firstByte,
			double total) {

		static double millis(long nanos) {
			return Math.round(nanos / 1_000.0) / 1_000.0;
		}

		static @Nullable Double millisOrNull(long nanos) {
			return (nanos >= 0) ? millis(nanos) : null;
		}

	}

	/**
	 * The TLS session a probe negotiated.
	 *
	 * @param protocol such as TLSv1.3
	 * @param cipherSuite such as TLS_AES_256_GCM_SHA384
	 * @param peerSubject the subject of the server's certificate
	 * @param peerIssuer its issuer
	 * @param peerNotAfter when it expires
	 */
	public record TlsSession(String protocol, String cipherSuite, @Nullable String peerSubject, @Nullable String peerIssuer,
			@Nullable Instant peerNotAfter) {
	}

}
