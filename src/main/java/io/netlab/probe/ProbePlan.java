package io.netlab.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import io.netlab.wire.Framing;
import io.netlab.wire.Protocol;
import io.netlab.wire.FrameCodec;
import org.jspecify.annotations.Nullable;

/**
 * A probe request checked, resolved and allowed by the target policy: everything a one-shot
 * probe or a load run needs, and nothing left to look up. Immutable.
 *
 * @param protocol tcp or udp
 * @param host the host as the user named it (for messages, SNI and certificate checks)
 * @param addresses the checked addresses, in the resolver's order; connections go only here
 * @param port the target port
 * @param payload the payload, unframed (may be empty for a TCP one-shot: connect only)
 * @param codec TCP: frames the payload and cuts the reply
 * @param timeoutMs how long to wait for connect, handshake and each reply
 * @param expect what the reply must be, or null for anything
 * @param halfClose TCP one-shot: shut down output after sending, read to EOF
 * @param tls TCP one-shot: TLS settings, or null for plain TCP
 * @param resolveNanos how long resolving the host took
 * @param count load run: replies to get in total, or null
 * @param durationMs load run: how long to run (bounded by the maximum even with only a count)
 * @param concurrency load run: connections or sockets
 * @param stamped UDP load run: datagrams carry a {@link Stamp}
 * @param ratePerSecond UDP load run: datagrams per second of an open-loop run, 0 for closed loop
 * @param listener the name of the listener probed, or null for a host and port
 */
record ProbePlan(Protocol protocol, String host, List<InetAddress> addresses, int port, byte[] payload,
		@Nullable FrameCodec codec, long timeoutMs, @Nullable Expect expect, boolean halfClose,
		ProbeRequest.@Nullable Tls tls, long resolveNanos, @Nullable Long count, long durationMs, int concurrency,
		boolean stamped, double ratePerSecond, @Nullable String listener) {

	boolean openLoop() {
		return this.ratePerSecond > 0;
	}

	InetSocketAddress target(InetAddress address) {
		return new InetSocketAddress(address, this.port);
	}

	boolean raw() {
		return this.codec == null || this.codec.framing() == Framing.RAW;
	}

	/** The bytes that go on the wire for one message: prefix, payload, suffix. */
	byte[] frame() {
		if (this.codec == null) {
			return this.payload;
		}
		byte[] prefix = this.codec.prefix(this.payload.length);
		byte[] suffix = this.codec.suffix();
		byte[] frame = new byte[prefix.length + this.payload.length + suffix.length];
		System.arraycopy(prefix, 0, frame, 0, prefix.length);
		System.arraycopy(this.payload, 0, frame, prefix.length, this.payload.length);
		System.arraycopy(suffix, 0, frame, prefix.length + this.payload.length, suffix.length);
		return frame;
	}

	/** An address as a user reads it: {@code 127.0.0.1:7007} or {@code [::1]:7007}. */
	static String format(@Nullable InetSocketAddress address) {
		if (address == null) {
			return null;
		}
		String host = address.getAddress().getHostAddress();
		int zone = host.indexOf('%');
		host = (zone >= 0) ? host.substring(0, zone) : host;
		return (host.indexOf(':') >= 0) ? "[" + host + "]:" + address.getPort() : host + ":" + address.getPort();
	}

}
