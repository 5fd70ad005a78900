package io.netlab.monitor;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of scheduled monitors under {@code netlab.monitors.*}; the root
 * {@code application.yml} documents each.
 *
 * @param threads threads that run monitors' probes; a probe blocks its thread for up to its timeout
 */
@ConfigurationProperties("netlab.monitors")
record MonitorProperties(@DefaultValue("4") int threads) {

	MonitorProperties {
		if (threads < 1) {
			throw new IllegalArgumentException("netlab.monitors.threads must be 1 or more, was " + threads);
		}
	}

}
