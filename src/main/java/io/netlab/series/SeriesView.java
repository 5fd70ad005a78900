package io.netlab.series;

/**
 * A listener's recent traffic as {@code GET /api/listeners/{name}/series} shows it: columns of
 * equal length, oldest first, ready for a chart.
 *
 * @param listener the listener's name
 * @param intervalMs time between samples
 * @param at when each sample was taken, epoch milliseconds
 * @param messagesInPerSecond messages (TCP) or datagrams (UDP) received per second
 * @param bytesInPerSecond bytes received per second
 * @param bytesOutPerSecond bytes sent per second
 * @param connections connections open at the sample (0 for UDP)
 */
record SeriesView(String listener, long intervalMs, long[] at, double[] messagesInPerSecond,
		double[] bytesInPerSecond, double[] bytesOutPerSecond, int[] connections) {

	/** A listener not sampled yet. */
	static SeriesView empty(String listener, long intervalMs) {
		return new SeriesView(listener, intervalMs, new long[0], new double[0], new double[0], new double[0], new int[0]);
	}

}
