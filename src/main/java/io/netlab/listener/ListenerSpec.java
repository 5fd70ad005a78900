package io.netlab.listener;

import io.netlab.impair.ImpairmentSpec;
import io.netlab.wire.Framing;
import io.netlab.wire.Protocol;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What a user asks for when creating a listener. Absent fields take their defaults in
 * {@link #withDefaults()}; a spec with defaults applied is what the API shows and stores.
 *
 * @param name unique name, {@code [a-z0-9][a-z0-9-]{0,62}}
 * @param protocol {@code tcp} or {@code udp}
 * @param port port to bind, 0 for an ephemeral one
 * @param bindAddress local address to bind, default {@code 127.0.0.1}
 * @param behavior {@code echo} or {@code discard}
 * @param framing TCP only: how messages are cut from the stream
 * @param lengthHeaderBytes TCP {@code length-prefix} only: 1, 2 or 4
 * @param io TCP only: {@code nio} or {@code blocking}
 * @param options socket options
 * @param limits connection and message limits
 * @param access allow and deny rules by source address
 * @param tls TCP only: serve TLS
 * @param seed where the impairments' random choices come from, so a run can be repeated; absent = unseeded
 * @param impairments what makes this listener's network bad, in order (changed without a restart)
 * @param upstream forward only: {@code host:port} every connection is relayed to
 * @param upstreamTls forward only: speak TLS to the upstream
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListenerSpec(@Nullable String name, @Nullable Protocol protocol, @Nullable Integer port,
		@Nullable String bindAddress, @Nullable Behavior behavior, @Nullable Framing framing,
		@Nullable Integer lengthHeaderBytes, @Nullable IoMode io, @Nullable SocketOptions options,
		@Nullable Limits limits, @Nullable Access access, @Nullable Tls tls, @Nullable Long seed,
		@Nullable List<ImpairmentSpec> impairments, @Nullable String upstream, @Nullable UpstreamTls upstreamTls) {

	/**
	 * TLS from a forward listener to its upstream (TLS 1.2 and 1.3).
	 *
	 * @param enabled originate TLS
	 * @param verify check the upstream's certificate against the JVM's trust store and its name
	 * against the upstream host (default true); false accepts any certificate
	 */
	public record UpstreamTls(@Nullable Boolean enabled, @Nullable Boolean verify) {

		@Nullable UpstreamTls withDefaults() {
			return Boolean.TRUE.equals(this.enabled) ? new UpstreamTls(true, !Boolean.FALSE.equals(this.verify)) : null;
		}

	}

	public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

	/**
	 * Socket options; {@code null} leaves the operating system's default.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record SocketOptions(@Nullable Integer backlog, @Nullable Integer receiveBufferSize,
			@Nullable Integer sendBufferSize, @Nullable Boolean tcpNoDelay, @Nullable Boolean keepAlive,
			@Nullable Integer lingerSeconds, @Nullable Boolean reuseAddress) {

		static final SocketOptions NONE = new SocketOptions(null, null, null, null, null, null, null);

		SocketOptions withDefaults(Protocol protocol) {
			if (protocol == Protocol.UDP) {
				return new SocketOptions(null, this.receiveBufferSize, this.sendBufferSize, null, null, null,
						orElse(this.reuseAddress, false));
			}
			return new SocketOptions(orElse(this.backlog, 128), this.receiveBufferSize, this.sendBufferSize,
					orElse(this.tcpNoDelay, true), orElse(this.keepAlive, false), this.lingerSeconds,
					orElse(this.reuseAddress, true));
		}

	}

	/**
	 * Limits that protect the listener and everyone else using it.
	 *
	 * @param maxConnections TCP: connections past this are closed at once and counted
	 * @param maxMessageBytes a bigger frame (or datagram) closes the connection (is dropped)
	 * @param idleTimeoutMs TCP: close a connection with no read and no write for this long, 0 = never
	 * @param frameTimeoutMs TCP: close a connection whose started frame is not complete this long, 0 = never
	 * @param writeStallTimeoutMs TCP: close a connection that leaves its replies unread this long, 0 = never
	 * @param maxConnectionsPerSource TCP: open connections one source address may hold
	 * @param maxDatagramsPerSecondPerSource UDP: datagrams one source address may send per second
	 * @param maxDatagramsPerSecond UDP: datagrams the listener handles per second, all sources
	 * @param maxBytesPerSecondPerSource UDP: payload bytes one source address may send per second, absent = no limit
	 * @param udpSessionIdleMs UDP forward: a client's session (its upstream socket) with no datagram either way for this long ends
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Limits(@Nullable Integer maxConnections, @Nullable Integer maxMessageBytes,
			@Nullable Long idleTimeoutMs, @Nullable Long frameTimeoutMs, @Nullable Long writeStallTimeoutMs,
			@Nullable Integer maxConnectionsPerSource, @Nullable Integer maxDatagramsPerSecondPerSource,
			@Nullable Integer maxDatagramsPerSecond, @Nullable Integer maxBytesPerSecondPerSource,
			@Nullable Long udpSessionIdleMs) {

		static final Limits NONE = new Limits(null, null, null, null, null, null, null, null, null, null);

		/** A UDP forward session idle for a minute ends unless configured otherwise. */
		static final long DEFAULT_UDP_SESSION_IDLE_MS = 60_000;

		/** A connection with no read and no write for five minutes is closed unless configured otherwise. */
		static final long DEFAULT_IDLE_TIMEOUT_MS = 300_000;

		/** A frame must be complete within 30 s of its first byte unless configured otherwise. */
		static final long DEFAULT_FRAME_TIMEOUT_MS = 30_000;

		/** A peer that does not read its replies for 30 s is closed unless configured otherwise. */
		static final long DEFAULT_WRITE_STALL_TIMEOUT_MS = 30_000;

		Limits withDefaults(Protocol protocol, boolean forward) {
			if (protocol == Protocol.UDP) {
				return new Limits(null, orElse(this.maxMessageBytes, UDP_MAX_PAYLOAD), null, null, null, null,
						orElse(this.maxDatagramsPerSecondPerSource, 1000), orElse(this.maxDatagramsPerSecond, 100_000),
						this.maxBytesPerSecondPerSource,
						forward ? orElse(this.udpSessionIdleMs, DEFAULT_UDP_SESSION_IDLE_MS) : null);
			}
			return new Limits(orElse(this.maxConnections, 1000), orElse(this.maxMessageBytes, 65536),
					orElse(this.idleTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS), orElse(this.frameTimeoutMs, DEFAULT_FRAME_TIMEOUT_MS),
					orElse(this.writeStallTimeoutMs, DEFAULT_WRITE_STALL_TIMEOUT_MS),
					orElse(this.maxConnectionsPerSource, 100), null, null, null, null);
		}

	}

	/**
	 * TLS on a TCP listener (TLS 1.2 and 1.3 only).
	 *
	 * @param enabled serve TLS
	 * @param bundle a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) with the server's key;
	 * absent = the certificate netlab generates and keeps under the data directory
	 * @param clientAuth {@code none}, {@code want} or {@code need} a client certificate
	 * @param trustBundle the SSL bundle whose certificates client certificates must chain to
	 * @param handshakeTimeoutMs a handshake not finished by then closes the connection
	 */
	public record Tls(@Nullable Boolean enabled, @Nullable String bundle, @Nullable String clientAuth,
			@Nullable String trustBundle, @Nullable Long handshakeTimeoutMs) {

		@Nullable Tls withDefaults() {
			if (!Boolean.TRUE.equals(this.enabled)) {
				return null;
			}
			return new Tls(true, this.bundle, orElse(this.clientAuth, "none"), this.trustBundle,
					orElse(this.handshakeTimeoutMs, 10_000L));
		}

	}

	/**
	 * Which source addresses may use the listener; deny wins over allow.
	 *
	 * @param allow CIDR networks allowed; absent or empty = every source
	 * @param deny CIDR networks refused
	 */
	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record Access(@Nullable List<String> allow, @Nullable List<String> deny) {

		Access normalized() {
			return new Access((this.allow != null) ? List.copyOf(this.allow) : List.of(),
					(this.deny != null) ? List.copyOf(this.deny) : List.of());
		}

	}

	/** The largest UDP payload over IPv4: 65535 - 8 (UDP header) - 20 (IP header). */
	public static final int UDP_MAX_PAYLOAD = 65507;

	/**
	 * This spec with every absent field set to its default; fields that do not apply to the
	 * protocol are dropped. Call only on a spec that {@link ListenerSpecValidator} accepted.
	 */
	public ListenerSpec withDefaults() {
		Protocol proto = orElse(this.protocol, Protocol.TCP);
		SocketOptions opts = orElse(this.options, SocketOptions.NONE).withDefaults(proto);
		Limits lim = orElse(this.limits, Limits.NONE).withDefaults(proto, this.behavior == Behavior.FORWARD);
		Access acc = (this.access != null) ? this.access.normalized() : new Access(List.of(), List.of());
		List<ImpairmentSpec> imp = (this.impairments != null)
				? this.impairments.stream().map(ImpairmentSpec::withDefaults).toList() : List.of();
		if (proto == Protocol.UDP) {
			return new ListenerSpec(this.name, proto, orElse(this.port, 0), orElse(this.bindAddress, DEFAULT_BIND_ADDRESS),
					orElse(this.behavior, Behavior.ECHO), null, null, null, opts, lim, acc, null, this.seed, imp, this.upstream,
					(this.upstreamTls != null) ? this.upstreamTls.withDefaults() : null);
		}
		Framing fr = orElse(this.framing, Framing.RAW);
		Integer header = (fr == Framing.LENGTH_PREFIX) ? orElse(this.lengthHeaderBytes, 4) : null;
		return new ListenerSpec(this.name, proto, orElse(this.port, 0), orElse(this.bindAddress, DEFAULT_BIND_ADDRESS),
				orElse(this.behavior, Behavior.ECHO), fr, header, orElse(this.io, IoMode.NIO), opts, lim, acc,
				(this.tls != null) ? this.tls.withDefaults() : null, this.seed, imp, this.upstream,
					(this.upstreamTls != null) ? this.upstreamTls.withDefaults() : null);
	}

	/**
	 * True when the two specs differ at most in their access rules, seed and impairments: those
	 * apply without a restart.
	 */
	boolean differsOnlyInLiveFields(ListenerSpec other) {
		return new ListenerSpec(this.name, this.protocol, this.port, this.bindAddress, this.behavior, this.framing,
				this.lengthHeaderBytes, this.io, this.options, this.limits, other.access, this.tls, other.seed,
				other.impairments, this.upstream, this.upstreamTls)
			.equals(other);
	}

	/** This spec under another name, as a PUT to {@code /api/listeners/{name}} means. */
	ListenerSpec withName(String newName) {
		return new ListenerSpec(newName, this.protocol, this.port, this.bindAddress, this.behavior, this.framing,
				this.lengthHeaderBytes, this.io, this.options, this.limits, this.access, this.tls, this.seed,
				this.impairments, this.upstream, this.upstreamTls);
	}

	/** This spec with other impairments, as the impairments API changes them. */
	ListenerSpec withImpairments(List<ImpairmentSpec> newImpairments) {
		return new ListenerSpec(this.name, this.protocol, this.port, this.bindAddress, this.behavior, this.framing,
				this.lengthHeaderBytes, this.io, this.options, this.limits, this.access, this.tls, this.seed,
				newImpairments, this.upstream, this.upstreamTls);
	}

	private static <T> T orElse(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
