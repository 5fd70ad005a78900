package io.netlab.mesh;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One probe of one peer over one protocol.
 *
 * @param at when it ended
 * @param up whether the peer answered (UDP: at least one datagram of the run)
 * @param rttSeconds the round trip (TCP, TLS: connect and echo; UDP: the run's median), null when down
 * @param lossRatio UDP: datagrams lost over sent
 * @param jitterSeconds UDP: RFC 3550 jitter of the answers
 * @param message why it is down, else null
 */
record PathResult(Instant at, boolean up, @Nullable Double rttSeconds, @Nullable Double lossRatio,
		@Nullable Double jitterSeconds, @Nullable String message) {

	static PathResult down(String message) {
		return new PathResult(Instant.now(), false, null, null, null, message);
	}

}
