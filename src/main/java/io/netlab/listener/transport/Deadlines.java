package io.netlab.listener.transport;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The time limits of one connection, applied the same way by both io modes: the NIO loop's sweep
 * and the blocking mode's sweeper ask what was broken, and close the connection with it. Times are
 * System.nanoTime() values, 0 meaning "not now" (no frame under way, nothing stalled).
 */
final class Deadlines {

	private final ConnectionLimits limits;

	Deadlines(ConnectionLimits limits) {
		this.limits = limits;
	}

	/**
	 * The limit the connection has broken by {@code now}, as the failure to close it with; null if
	 * none. {@code stalledSince}: since when the peer has left replies unread (the write-stall
	 * timeout); {@code notReadSince}: since when netlab has not read the connection because of that.
	 */
	@Nullable IOException broken(long now, @Nullable TlsLayer tls, long frameSince, long lastActivity,
			long stalledSince, long notReadSince) {
		if (tls != null && tls.handshakeExpired(now)) {
			return tls.handshakeTimeout();
		}
		if (this.limits.writeStallTimeoutMs() > 0 && stalledSince != 0
				&& now - stalledSince > nanos(this.limits.writeStallTimeoutMs())) {
			return new ConnectionFailure(ConnectionFailure.Kind.SLOW_CONSUMER,
					"replies not read for more than " + this.limits.writeStallTimeoutMs() + " ms", null);
		}
		long frame = frameUnderWay(tls, frameSince, notReadSince);
		if (frame != 0 && now - frame > nanos(this.limits.frameTimeoutMs())) {
			return new ConnectionFailure(ConnectionFailure.Kind.FRAME_TIMEOUT,
					"frame not complete within " + this.limits.frameTimeoutMs() + " ms", null);
		}
		if (this.limits.idleTimeoutMs() > 0 && now - lastActivity > nanos(this.limits.idleTimeoutMs())) {
			return new ConnectionFailure(ConnectionFailure.Kind.IDLE,
					"no read or write for more than " + this.limits.idleTimeoutMs() + " ms", null);
		}
		return null;
	}

	/**
	 * Since when a frame (or, on TLS, a record) has waited for its rest; 0 when none does, when
	 * the frame timeout is off, or while netlab itself is not reading because the peer does not.
	 */
	private long frameUnderWay(@Nullable TlsLayer tls, long frameSince, long notReadSince) {
		if (this.limits.frameTimeoutMs() <= 0 || notReadSince != 0) {
			return 0;
		}
		return earliest(frameSince, (tls != null) ? tls.partialRecordSince() : 0);
	}

	/** The earlier of two times where 0 means none. */
	static long earliest(long a, long b) {
		return (a == 0) ? b : (b == 0) ? a : (a - b < 0) ? a : b;
	}

	private static long nanos(long ms) {
		return TimeUnit.MILLISECONDS.toNanos(ms);
	}

}
