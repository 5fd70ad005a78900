package io.netlab.probe;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.netlab.wire.Protocol;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The figures of a finished (or cancelled) load run. {@code messages} is the sum of
 * {@code messagesPerConnection}; rates are over {@code durationMs}, the run's real length.
 *
 * @param protocol tcp or udp
 * @param cancelled whether the run was cancelled before it was done
 * @param messages replies received (and matching {@code expect}), all connections together
 * @param errors failures by kind; a failed TCP connection is closed and not replaced
 * @param lost UDP: datagrams with no reply within the timeout (each was sent again)
 * @param messagesPerSecond replies per second
 * @param bytesPerSecond bytes on the wire per second, both directions, framing included
 * @param bytesSent bytes written
 * @param bytesReceived bytes read
 * @param latency round-trip times of the replies, in milliseconds
 * @param durationMs how long the run took
 * @param concurrency connections or sockets
 * @param threads selector threads that drove them
 * @param messagesPerConnection replies per connection, in the order they were opened
 * @param datagrams a stamped UDP run: what happened to its datagrams (shown inline; its
 *     {@code lost} replaces the one above)
 */
public record LoadResult(Protocol protocol, boolean cancelled, long messages, Map<String, Long> errors,
		@Nullable Long lost, double messagesPerSecond, long bytesPerSecond, long bytesSent, long bytesReceived,
		Latency latency, double durationMs, int concurrency, int threads, List<Long> messagesPerConnection,
		@JsonUnwrapped @Nullable UdpFigures datagrams) {

	/** Datagrams that got no answer: timeouts, or for a stamped run, sent and never answered. */
	long lostDatagrams() {
		if (this.datagrams != null) {
			return this.datagrams.counts().lost();
		}
		return (this.lost != null) ? this.lost : 0;
	}

	/**
	 * Latency percentiles in milliseconds, from an HDR histogram of microseconds (3 significant
	 * digits); all zero when no reply came.
	 */
	public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {

		static Latency of(Histogram micros) {
			if (micros.getTotalCount() == 0) {
				return new Latency(0, 0, 0, 0, 0, 0);
			}
			return new Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
					ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()),
					LoadRun.round(micros.getMean() / 1000));
		}

		private static double ms(long micros) {
			return micros / 1000.0;
		}

	}

}
