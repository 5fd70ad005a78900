package io.netlab.probe;

import io.netlab.wire.Framing;
import io.netlab.wire.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * What a user asks {@code POST /api/probes} to send. With {@code count} and/or
 * {@code durationMs} it is a load run, otherwise a one-shot probe. Absent fields take their
 * defaults when the request is planned ({@link ProbeService}).
 *
 * @param protocol {@code tcp} or {@code udp}; defaults to the listener's when {@code listener} is given
 * @param listener the name of one of netlab's listeners to probe; or give {@code host} and {@code port}
 * @param host a host name or address literal
 * @param port the port on {@code host}
 * @param payload the bytes to send, as UTF-8 text
 * @param payloadBase64 the bytes to send, base64-encoded (instead of {@code payload})
 * @param framing TCP: how the payload is framed and the reply read; defaults to the listener's, else raw
 * @param lengthHeaderBytes TCP length-prefix: 1, 2 or 4 (default: the listener's, else 4)
 * @param timeoutMs how long to wait for the connection, handshake and reply
 * @param expect the reply expected: exact text, or {@code regex:} and a pattern found in the reply
 * @param halfClose TCP one-shot: shut down output after sending, then read to EOF
 * @param tls TCP one-shot: TLS settings
 * @param count load run: stop after this many replies in total
 * @param durationMs load run: stop after this long
 * @param concurrency load run: connections (TCP) or sockets (UDP), default 1
 * @param async load run: answer 202 at once and run in the background
 * @param stamp UDP load run: write a sequence header over the first 16 bytes of each datagram
 *     (default true when the payload has 16 bytes or more)
 * @param ratePerSecond UDP load run: send this many datagrams per second, all sockets together,
 *     whatever the replies (open loop), instead of one after the other's reply
 * @param sourcePorts UDP load run: spread the run over this many sockets, each its own source
 *     port (the same as {@code concurrency} for UDP; give one of them)
 */
public record ProbeRequest(@Nullable Protocol protocol, @Nullable String listener, @Nullable String host,
		@Nullable Integer port, @Nullable String payload, @Nullable String payloadBase64, @Nullable Framing framing,
		@Nullable Integer lengthHeaderBytes, @Nullable Long timeoutMs, @Nullable String expect,
		@Nullable Boolean halfClose, @Nullable Tls tls, @Nullable Long count, @Nullable Long durationMs,
		@Nullable Integer concurrency, @Nullable Boolean async, @Nullable Boolean stamp,
		@Nullable Double ratePerSecond, @Nullable Integer sourcePorts) {

	boolean isLoadRun() {
		return this.count != null || this.durationMs != null;
	}

	boolean isAsync() {
		return Boolean.TRUE.equals(this.async);
	}

	/** A UDP load run stamps its datagrams unless told not to or the payload is too short. */
	boolean stamped(int payloadBytes) {
		return this.protocol == Protocol.UDP && isLoadRun() && !Boolean.FALSE.equals(this.stamp)
				&& payloadBytes >= Stamp.BYTES;
	}

	boolean tlsEnabled() {
		return this.tls != null && Boolean.TRUE.equals(this.tls.enabled());
	}

	/**
	 * TLS settings of a TCP probe.
	 *
	 * @param enabled whether to do a TLS handshake after connecting
	 * @param insecure accept any certificate and name (still reported)
	 * @param serverName the name sent as SNI and checked against the certificate; default: the host
	 */
	public record Tls(@Nullable Boolean enabled, @Nullable Boolean insecure, @Nullable String serverName) {
	}

}
