package io.netlab.monitor;

import java.time.Instant;
import java.util.Optional;

import io.netlab.blackbox.ModuleProber;
import io.netlab.blackbox.ModuleRegistry;
import io.netlab.blackbox.ProbeModule;
import io.netlab.blackbox.ProbeOutcome;
import io.netlab.events.MonitorStateChanged;
import io.netlab.probe.ProbeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Runs a monitor once, on a scheduler thread: probes its target with its module (within its
 * interval), records the result, feeds the meters, and publishes {@link MonitorStateChanged}
 * when the state changes. Never throws: whatever happens is the result.
 */
@Component
class MonitorRunner {

	private static final Log logger = LogFactory.getLog(MonitorRunner.class);

	private final ModuleRegistry modules;

	private final ModuleProber prober;

	private final MonitorMeters meters;

	private final ApplicationEventPublisher events;

	MonitorRunner(ModuleRegistry modules, ModuleProber prober, MonitorMeters meters, ApplicationEventPublisher events) {
		this.modules = modules;
		this.prober = prober;
		this.meters = meters;
		this.events = events;
	}

	void run(Monitor monitor) {
		MonitorSpec spec = monitor.spec();
		long start = System.nanoTime();
		MonitorResult result;
		try {
			result = probe(spec, start);
		}
		catch (ProbeException ex) {
			result = new MonitorResult(Instant.now(), false, millis(start), MonitorResult.ERROR, ex.getMessage(), null);
		}
		catch (RuntimeException ex) {
			logger.warn("Monitor " + spec.name() + " could not run", ex);
			result = new MonitorResult(Instant.now(), false, millis(start), MonitorResult.ERROR,
					"netlab failed to run the probe (" + ex.getClass().getSimpleName() + "); the log has the details", null);
		}
		MonitorState before = monitor.record(result);
		this.meters.recorded(spec.name(), result);
		MonitorState after = result.success() ? MonitorState.UP : MonitorState.DOWN;
		if (after != before) {
			logger.info("Monitor " + spec.name() + " is " + after + ((result.message() != null) ? ": " + result.message() : ""));
			this.events.publishEvent(new MonitorStateChanged(result.at(), spec.name(), before.name(), after.name(),
					result.message()));
		}
	}

	private MonitorResult probe(MonitorSpec spec, long start) {
		Optional<ProbeModule> module = (spec.probe() != null) ? Optional.of(spec.probe())
				: this.modules.find(spec.module());
		if (module.isEmpty()) {
			return new MonitorResult(Instant.now(), false, millis(start), MonitorResult.ERROR,
					"Probe module '" + spec.module() + "' no longer exists", null);
		}
		ProbeOutcome outcome = this.prober.probe(spec.moduleLabel(), module.get(), spec.target(), spec.intervalMs());
		return new MonitorResult(Instant.now(), outcome.success(), millis(start),
				outcome.success() ? null : MonitorResult.FAILURE, outcome.failure(), outcome.udpLossRatio());
	}

	private static double millis(long start) {
		return Math.round((System.nanoTime() - start) / 1_000.0) / 1_000.0;
	}

}
