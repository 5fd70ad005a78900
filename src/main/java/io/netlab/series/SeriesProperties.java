package io.netlab.series;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the listeners' traffic series under {@code netlab.series.*}; the root
 * {@code application.yml} documents each.
 *
 * @param interval how often each listener's counters are sampled
 * @param window how far back a series reaches
 */
@ConfigurationProperties("netlab.series")
record SeriesProperties(@DefaultValue("1s") Duration interval, @DefaultValue("5m") Duration window) {

	SeriesProperties {
		if (interval.toMillis() < 100) {
			throw new IllegalArgumentException("netlab.series.interval must be at least 100ms");
		}
		if (window.compareTo(interval) < 0) {
			throw new IllegalArgumentException("netlab.series.window must not be shorter than the interval");
		}
	}

	/** Samples kept per listener. */
	int capacity() {
		return (int) Math.min(100_000, window.toMillis() / interval.toMillis());
	}

}
