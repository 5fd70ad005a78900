package io.netlab.probe;

import java.time.Duration;
import java.util.List;

import io.netlab.wire.Cidr;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of probes and load runs under {@code netlab.probes.*}; the root {@code application.yml}
 * documents each. Checked at startup, so a bad value stops netlab with a message.
 *
 * @param allowedTargets CIDR ranges probes may reach; the always-denied ranges win over them
 * @param defaultTimeout how long a probe waits (connect, handshake, reply) when the request says nothing
 * @param maxTimeout the largest {@code timeoutMs} a request may ask for
 * @param maxPayloadBytes the largest payload, and the largest reply a one-shot probe reads
 * @param maxConcurrency the most connections (TCP) or sockets (UDP) of one load run
 * @param maxDuration the longest load run; a run with only a count stops here too
 * @param maxCount the largest {@code count} of a load run
 * @param maxConcurrentRuns load runs allowed at once; one more is answered 429
 * @param loadThreads selector threads of one load run; 0 = one per CPU (never more than its connections)
 * @param keepFinishedRuns finished async runs kept for {@code GET /api/probes/runs/{id}}
 * @param maxRatePerSecond the largest {@code ratePerSecond} of an open-loop UDP run
 */
@ConfigurationProperties("netlab.probes")
record ProbeProperties(
		@DefaultValue({ "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
				"fc00::/7" }) List<String> allowedTargets,
		@DefaultValue("2s") Duration defaultTimeout, @DefaultValue("60s") Duration maxTimeout,
		@DefaultValue("1048576") int maxPayloadBytes, @DefaultValue("1000") int maxConcurrency,
		@DefaultValue("60s") Duration maxDuration, @DefaultValue("10000000") long maxCount,
		@DefaultValue("2") int maxConcurrentRuns, @DefaultValue("0") int loadThreads,
		@DefaultValue("20") int keepFinishedRuns, @DefaultValue("100000") int maxRatePerSecond) {

	ProbeProperties {
		allowedTargets = List.copyOf(allowedTargets);
		allowedTargets.forEach(Cidr::parse);
		positive("max-timeout", maxTimeout.toMillis());
		positive("default-timeout", defaultTimeout.toMillis());
		if (defaultTimeout.compareTo(maxTimeout) > 0) {
			throw new IllegalArgumentException("netlab.probes.default-timeout must not exceed max-timeout");
		}
		positive("max-payload-bytes", maxPayloadBytes);
		positive("max-concurrency", maxConcurrency);
		positive("max-duration", maxDuration.toMillis());
		positive("max-count", maxCount);
		positive("max-concurrent-runs", maxConcurrentRuns);
		if (loadThreads < 0) {
			throw new IllegalArgumentException("netlab.probes.load-threads must be 0 (one per CPU) or more");
		}
		positive("max-rate-per-second", maxRatePerSecond);
		if (keepFinishedRuns < 0) {
			throw new IllegalArgumentException("netlab.probes.keep-finished-runs must be 0 or more");
		}
	}

	/** Selector threads for a run of this many connections. */
	int loopsFor(int concurrency) {
		int threads = (this.loadThreads > 0) ? this.loadThreads : Runtime.getRuntime().availableProcessors();
		return Math.max(1, Math.min(threads, concurrency));
	}

	/** The most selector threads all runs together can use. */
	int maxLoopThreads() {
		return this.maxConcurrentRuns * loopsFor(this.maxConcurrency);
	}

	private static void positive(String key, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException("netlab.probes." + key + " must be greater than 0, was " + value);
		}
	}

}
