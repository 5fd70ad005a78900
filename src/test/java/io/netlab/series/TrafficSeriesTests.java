package io.netlab.series;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ring of samples of one listener: rates between readings, oldest first, bounded.
 */
class TrafficSeriesTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void firstReadingGivesNoSampleAndLaterOnesGiveRatesPerSecond() {
		TrafficSeries series = new TrafficSeries(10);

		series.sample(new TrafficSeries.Counters(0, 1000, 0, 0, 0, 0));
		assertThat(series.view("a", 1000).at()).isEmpty();
		series.sample(new TrafficSeries.Counters(2 * SECOND, 3000, 10, 400, 200, 3));

		SeriesView view = series.view("a", 1000);
		assertThat(view.at()).containsExactly(3000);
		assertThat(view.messagesInPerSecond()).containsExactly(5.0);
		assertThat(view.bytesInPerSecond()).containsExactly(200.0);
		assertThat(view.bytesOutPerSecond()).containsExactly(100.0);
		assertThat(view.connections()).containsExactly(3);
	}

	@Test
	void keepsOnlyTheNewestSamplesOldestFirst() {
		TrafficSeries series = new TrafficSeries(3);

		for (int i = 0; i <= 5; i++) {
			series.sample(new TrafficSeries.Counters(i * SECOND, i * 1000L, i * i, 0, 0, i));
		}

		SeriesView view = series.view("a", 1000);
		assertThat(view.at()).containsExactly(3000, 4000, 5000);
		assertThat(view.messagesInPerSecond()).containsExactly(5.0, 7.0, 9.0);
		assertThat(view.connections()).containsExactly(3, 4, 5);
	}

	@Test
	void countersThatStartAgainGiveNoNegativeRate() {
		TrafficSeries series = new TrafficSeries(3);

		series.sample(new TrafficSeries.Counters(0, 0, 100, 100, 100, 0));
		series.sample(new TrafficSeries.Counters(SECOND, 1000, 4, 4, 4, 0));

		assertThat(series.view("a", 1000).messagesInPerSecond()).containsExactly(0.0);
	}

}
