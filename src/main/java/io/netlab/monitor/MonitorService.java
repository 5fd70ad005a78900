package io.netlab.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import io.netlab.blackbox.ModuleRegistry;
import io.netlab.blackbox.ProbeModule;
import io.netlab.listener.FieldProblem;
import io.netlab.probe.ProbeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Service;

/**
 * The monitors by name: creates, replaces and deletes them, stores every change before it
 * answers, and runs each on its own fixed-rate schedule on a bounded pool of threads owned
 * here. The stored monitors start once netlab is ready (its listeners bound). Changes are
 * serialized; runs go on concurrently on the pool.
 */
@Service
public class MonitorService implements DisposableBean {

	private static final Log logger = LogFactory.getLog(MonitorService.class);

	/** Guarded by this. */
	private final Map<String, Monitor> monitors = new TreeMap<>();

	private final MonitorStore store;

	private final ModuleRegistry modules;

	private final MonitorRunner runner;

	private final MonitorMeters meters;

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	MonitorService(MonitorStore store, ModuleRegistry modules, MonitorRunner runner, MonitorMeters meters,
			MonitorProperties properties) {
		this.store = store;
		this.modules = modules;
		this.runner = runner;
		this.meters = meters;
		this.scheduler.setPoolSize(properties.threads());
		this.scheduler.setThreadNamePrefix("monitor-");
		this.scheduler.setDaemon(true);
		this.scheduler.initialize();
	}

	/** Bring back the stored monitors once the listeners they may probe are up. */
	@EventListener(ApplicationReadyEvent.class)
	synchronized void restore() {
		for (MonitorSpec spec : this.store.load()) {
			if (!this.monitors.containsKey(spec.name())) {
				start(spec);
			}
		}
		if (!this.monitors.isEmpty()) {
			logger.info("Restored " + this.monitors.size() + " monitor(s) from " + MonitorStore.FILE_NAME);
		}
	}

	public synchronized MonitorView create(MonitorSpec requested) {
		MonitorSpec spec = checked(requested, requested.name());
		if (this.monitors.containsKey(spec.name())) {
			throw ProbeException.conflict("Monitor exists", "A monitor named '" + spec.name()
					+ "' exists already; PUT /api/monitors/" + spec.name() + " changes it.");
		}
		Monitor monitor = start(spec);
		save();
		return monitor.view();
	}

	/** Replace a monitor's spec; it starts over (state unknown, no results). */
	public synchronized MonitorView replace(String name, MonitorSpec requested) {
		MonitorSpec spec = checked(requested, name);
		stop(get(name));
		Monitor monitor = start(spec);
		save();
		return monitor.view();
	}

	public synchronized void delete(String name) {
		stop(get(name));
		save();
	}

	public synchronized MonitorView view(String name) {
		return get(name).view();
	}

	public synchronized List<MonitorView> list() {
		return this.monitors.values().stream().map(Monitor::view).toList();
	}

	/**
	 * What is wrong with this monitor, field by field, without changing anything; a module it
	 * names is looked up in {@code modules}.
	 */
	public List<FieldProblem> problems(MonitorSpec spec, Function<String, Optional<ProbeModule>> modules) {
		return MonitorValidator.validate(spec.withDefaults(spec.name()), modules);
	}

	private MonitorSpec checked(MonitorSpec requested, String name) {
		MonitorSpec spec = requested.withDefaults(name);
		List<FieldProblem> problems = MonitorValidator.validate(spec, this.modules::find);
		if (requested.name() != null && !requested.name().equals(name)) {
			problems.add(new FieldProblem("name", "must be the name in the path, '" + name + "', or left out"));
		}
		if (!problems.isEmpty()) {
			throw ProbeException.invalid("The monitor", problems);
		}
		return spec;
	}

	private Monitor start(MonitorSpec spec) {
		Monitor monitor = new Monitor(spec);
		this.monitors.put(spec.name(), monitor);
		this.meters.added(spec.name());
		monitor.scheduled(this.scheduler.scheduleAtFixedRate(() -> this.runner.run(monitor),
				java.time.Duration.ofMillis(spec.intervalMs())));
		return monitor;
	}

	private void stop(Monitor monitor) {
		monitor.cancel();
		this.monitors.remove(monitor.spec().name());
		this.meters.removed(monitor.spec().name());
	}

	private Monitor get(String name) {
		Monitor monitor = this.monitors.get(name);
		if (monitor == null) {
			throw ProbeException.notFound("Monitor not found", "No monitor '" + name + "'; GET /api/monitors lists them.");
		}
		return monitor;
	}

	private void save() {
		this.store.save(new ArrayList<>(this.monitors.values().stream().map(Monitor::spec).toList()));
	}

	@Override
	public void destroy() {
		this.scheduler.shutdown();
	}

}
