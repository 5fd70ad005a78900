package io.netlab.listener.transport;

/**
 * The time and memory limits the transport holds each connection of a listener to; 0 turns a
 * timeout off.
 *
 * @param idleTimeoutMs close a connection with no read and no write for this long
 * @param frameTimeoutMs close a connection whose started frame is not complete within this time
 * @param writeStallTimeoutMs close a connection whose queued replies make no progress, or stay over the
 * high-water mark, this long
 * @param writeHighWaterBytes queued reply memory above which the connection is no longer read
 * @param handshakeTimeoutMs TLS: close a connection whose handshake is not done within this time
 */
public record ConnectionLimits(long idleTimeoutMs, long frameTimeoutMs, long writeStallTimeoutMs,
		int writeHighWaterBytes, long handshakeTimeoutMs) {

	/** Queued reply memory above which a connection stops being read, unless configured otherwise. */
	public static final int DEFAULT_WRITE_HIGH_WATER = 256 * 1024;

	/** How often a loop must look at its connections to honour these limits; 0 = never. */
	long sweepEveryMs() {
		long every = Long.MAX_VALUE;
		for (long timeout : new long[] { this.idleTimeoutMs, this.frameTimeoutMs, this.writeStallTimeoutMs,
				this.handshakeTimeoutMs }) {
			if (timeout > 0) {
				every = Math.min(every, timeout / 4);
			}
		}
		return (every == Long.MAX_VALUE) ? 0 : Math.max(every, 20);
	}

}
