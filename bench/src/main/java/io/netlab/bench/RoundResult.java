package io.netlab.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.HdrHistogram.Histogram;

/**
 * One measured window against one server: completed round trips, their latency, and
 * everything that went wrong.
 */
final class RoundResult {

	final String server;

	long messages;

	long payloadBytes;

	long windowNanos;

	final Histogram latencyNanos = new Histogram(10_000_000_000L, 3);

	/** Error kind → count (connect failures, EOF, mismatched echo, stalls, unanswered ...). */
	final Map<String, Long> errors = new TreeMap<>();

	/** UDP: datagrams not answered within the loss timeout. */
	long lost;

	/** UDP: answers that came after their datagram was counted lost (ignored). */
	long late;

	/** TCP: connections asked for, and those connected and served once before the window. */
	int connections;

	int ready;

	/** TLS: the protocol and cipher suite each connection negotiated (one entry when all agree). */
	final Set<String> tls = new TreeSet<>();

	long clientCpuNanos = -1;

	long serverCpuNanos = -1;

	RoundResult(String server) {
		this.server = server;
	}

	void error(String kind) {
		this.errors.merge(kind, 1L, Long::sum);
	}

	long errorCount() {
		return this.errors.values().stream().mapToLong(Long::longValue).sum();
	}

	double rate() {
		return this.messages * 1e9 / Math.max(1, this.windowNanos);
	}

	double megabytesPerSecond() {
		return this.payloadBytes / 1e6 * 1e9 / Math.max(1, this.windowNanos);
	}

	double micros(double percentile) {
		return (this.latencyNanos.getTotalCount() == 0) ? Double.NaN
				: this.latencyNanos.getValueAtPercentile(percentile) / 1000.0;
	}

	/** Client process CPU over the window, as a share of one core. */
	double clientCpuShare() {
		return (this.clientCpuNanos < 0) ? Double.NaN : (double) this.clientCpuNanos / this.windowNanos;
	}

	/** Server CPU time per message, microseconds. */
	double serverCpuMicrosPerMessage() {
		return (this.serverCpuNanos < 0 || this.messages == 0) ? Double.NaN
				: this.serverCpuNanos / 1000.0 / this.messages;
	}

	String summary() {
		return String.format("%-7s %9.0f msg/s %8.1f MB/s  p50 %7.0f  p99 %7.0f  p99.9 %7.0f us  cli-cpu %3.0f%%  srv %5.1f us/msg%s%s%s%s",
				this.server, rate(), megabytesPerSecond(), micros(50), micros(99), micros(99.9),
				100 * clientCpuShare(), serverCpuMicrosPerMessage(), (this.lost > 0 || this.late > 0) ? "  lost " + this.lost + " late " + this.late : "",
				(this.connections > 0 && this.ready != this.connections) ? "  ready " + this.ready + "/" + this.connections : "",
				this.tls.isEmpty() ? "" : "  " + String.join(", ", this.tls),
				this.errors.isEmpty() ? "" : "  errors " + this.errors);
	}

}
