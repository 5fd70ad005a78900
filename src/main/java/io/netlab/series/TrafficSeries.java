package io.netlab.series;

import org.jspecify.annotations.Nullable;

/**
 * One listener's recent traffic: a ring of samples, each the rates since the sample before.
 * Written by the sampler thread, read by request threads; every method is synchronized.
 */
final class TrafficSeries {

	private final long[] at;

	private final double[] messagesIn;

	private final double[] bytesIn;

	private final double[] bytesOut;

	private final int[] connections;

	/** Where the next sample goes. */
	private int next;

	private int size;

	/** The counters at the previous sample; rates start with the second sample. */
	private @Nullable Counters previous;

	TrafficSeries(int capacity) {
		this.at = new long[capacity];
		this.messagesIn = new double[capacity];
		this.bytesIn = new double[capacity];
		this.bytesOut = new double[capacity];
		this.connections = new int[capacity];
	}

	/** Add the rates since the previous reading of {@code now}'s counters. */
	synchronized void sample(Counters now) {
		Counters before = this.previous;
		this.previous = now;
		if (before == null || now.nanos() <= before.nanos()) {
			return;
		}
		double seconds = (now.nanos() - before.nanos()) / 1e9;
		int i = this.next;
		this.at[i] = now.epochMillis();
		this.messagesIn[i] = rate(now.messagesIn() - before.messagesIn(), seconds);
		this.bytesIn[i] = rate(now.bytesIn() - before.bytesIn(), seconds);
		this.bytesOut[i] = rate(now.bytesOut() - before.bytesOut(), seconds);
		this.connections[i] = now.connections();
		this.next = (i + 1) % this.at.length;
		this.size = Math.min(this.size + 1, this.at.length);
	}

	/** The samples, oldest first, as columns. */
	synchronized SeriesView view(String listener, long intervalMs) {
		int start = (this.next - this.size + this.at.length) % this.at.length;
		long[] times = new long[this.size];
		double[] messages = new double[this.size];
		double[] in = new double[this.size];
		double[] out = new double[this.size];
		int[] open = new int[this.size];
		for (int k = 0; k < this.size; k++) {
			int i = (start + k) % this.at.length;
			times[k] = this.at[i];
			messages[k] = this.messagesIn[i];
			in[k] = this.bytesIn[i];
			out[k] = this.bytesOut[i];
			open[k] = this.connections[i];
		}
		return new SeriesView(listener, intervalMs, times, messages, in, out, open);
	}

	private static double rate(long delta, double seconds) {
		// a listener recreated under the same name starts its counters again from zero
		return Math.round(Math.max(0, delta) / seconds * 10) / 10.0;
	}

	/**
	 * A reading of a listener's counters.
	 *
	 * @param nanos when, on the monotonic clock
	 * @param epochMillis when, on the wall clock
	 */
	record Counters(long nanos, long epochMillis, long messagesIn, long bytesIn, long bytesOut, int connections) {
	}

}
