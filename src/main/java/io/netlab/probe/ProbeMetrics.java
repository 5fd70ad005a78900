package io.netlab.probe;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netlab.wire.Protocol;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Probe meters: {@code netlab.probes} (Prometheus {@code netlab_probes_total}) counts probes and
 * load-run messages by protocol and result; {@code netlab.probe.duration} times one-shot probes.
 * The result is {@code success}, an error kind or {@code lost}: a closed set. The target is never
 * a tag: it is unbounded and would tell a scraper where probes went.
 */
@Component
class ProbeMetrics {

	private static final String SUCCESS = "success";

	private final MeterRegistry registry;

	ProbeMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** One one-shot probe, from the start of the lookup to the end. */
	void probed(Protocol protocol, @Nullable ProbeError error, long nanos) {
		String result = (error != null) ? error.wireName() : SUCCESS;
		count(protocol, result, 1);
		Timer.builder("netlab.probe.duration")
			.description("Time a one-shot probe took, from the DNS lookup to the reply or the failure")
			.tag("protocol", protocol.wireName())
			.tag("result", result)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(60))
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** The messages of a finished load run: its replies, errors by kind, and lost datagrams. */
	void loadRun(LoadResult result) {
		count(result.protocol(), SUCCESS, result.messages());
		result.errors().forEach((kind, n) -> count(result.protocol(), kind, n));
		count(result.protocol(), "lost", result.lostDatagrams());
	}

	private void count(Protocol protocol, String result, long amount) {
		if (amount <= 0) {
			return;
		}
		Counter.builder("netlab.probes")
			.description("Probes sent and load-run messages, by protocol and result")
			.tag("protocol", protocol.wireName())
			.tag("result", result)
			.register(this.registry)
			.increment(amount);
	}

}
