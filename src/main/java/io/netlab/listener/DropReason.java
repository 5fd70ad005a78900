package io.netlab.listener;

import io.netlab.wire.WireNames;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a UDP listener dropped a datagram without handling it, from a fixed set (a bounded tag).
 */
public enum DropReason {

	/** Over {@code limits.maxMessageBytes}. */
	OVERSIZE,
	/** Refused by an access rule. */
	DENIED,
	/** Over a rate limit, per source or listener-wide. */
	RATE,
	/** From a port or address an echo must never answer (echo/chargen loops, reflection). */
	REFLECTOR,
	/** UDP forward: a new client while {@code UdpSessions.MAX_SESSIONS} are open, or its upstream refused by the target policy. */
	UPSTREAM;

	@JsonValue
	public String wireName() {
		return WireNames.of(this);
	}

}
