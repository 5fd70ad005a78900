package io.netlab.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Monitor meters, tagged with the monitor's name only: {@code netlab_monitor_success} (1 or 0
 * after the last run, NaN before the first), {@code netlab_monitor_duration_seconds}
 * (histogram), {@code netlab_monitor_runs_total{result}} and, for udp_loss modules,
 * {@code netlab_monitor_udp_loss_ratio}. They appear with the monitor and go with it.
 */
@Component
class MonitorMeters {

	private final MeterRegistry registry;

	private final Map<String, State> states = new ConcurrentHashMap<>();

	MonitorMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Register the meters of a new monitor. */
	void added(String monitor) {
		State state = new State(new Value(), new Value(), new CopyOnWriteArrayList<>());
		state.meters().add(Gauge.builder("netlab.monitor.success", state.success(), Value::get)
			.description("1 if the monitor's last run succeeded, 0 if it failed; NaN before the first run")
			.tag("monitor", monitor)
			.register(this.registry));
		state.meters().add(timer(monitor));
		for (String result : List.of("success", MonitorResult.FAILURE, MonitorResult.ERROR)) {
			state.meters().add(counter(monitor, result));
		}
		this.states.put(monitor, state);
	}

	void recorded(String monitor, MonitorResult result) {
		State state = this.states.get(monitor);
		if (state == null) {
			return; // deleted while it ran
		}
		state.success().value = result.success() ? 1 : 0;
		timer(monitor).record((long) (result.durationMs() * 1_000_000), TimeUnit.NANOSECONDS);
		counter(monitor, result.outcome()).increment();
		if (result.udpLossRatio() != null) {
			boolean first = Double.isNaN(state.lossRatio().value);
			state.lossRatio().value = result.udpLossRatio();
			if (first) {
				state.meters().add(Gauge.builder("netlab.monitor.udp.loss.ratio", state.lossRatio(), Value::get)
					.description("Loss ratio (0 to 1) of the last run of a monitor with a udp_loss module")
					.tag("monitor", monitor)
					.register(this.registry));
			}
		}
	}

	/** Remove the meters of a deleted monitor. */
	void removed(String monitor) {
		State state = this.states.remove(monitor);
		if (state != null) {
			state.meters().forEach(this.registry::remove);
		}
	}

	private Timer timer(String monitor) {
		return Timer.builder("netlab.monitor.duration")
			.description("How long each run of a monitor took")
			.tag("monitor", monitor)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(60))
			.register(this.registry);
	}

	private Counter counter(String monitor, String result) {
		return Counter.builder("netlab.monitor.runs")
			.description("Runs of a monitor by result: success, failure (the probe failed), error (it could not run)")
			.tag("monitor", monitor)
			.tag("result", result)
			.register(this.registry);
	}

	private record State(Value success, Value lossRatio, List<Meter> meters) {
	}

	/** A gauge's value: written by the monitor's runs, read by scrapes. */
	private static final class Value {

		volatile double value = Double.NaN;

		double get() {
			return this.value;
		}

	}

}
