package io.netlab.lab;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import io.netlab.blackbox.ModuleRegistry;
import io.netlab.blackbox.ProbeModule;
import io.netlab.lab.LabPlan.Change;
import io.netlab.listener.ListenerService;
import io.netlab.listener.ListenerSpec;
import io.netlab.monitor.MonitorService;
import io.netlab.monitor.MonitorSpec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Carries out a lab's changes through each feature's service. A change can still fail after
 * validation (a port another program holds is a 409); then the changes already made are undone
 * in reverse order, so that the lab is applied whole or not at all, and the failure is
 * rethrown. Not thread-safe: the caller serializes applies.
 */
@Component
class LabApplier {

	private static final Log logger = LogFactory.getLog(LabApplier.class);

	private final ListenerService listeners;

	private final ModuleRegistry modules;

	private final MonitorService monitors;

	LabApplier(ListenerService listeners, ModuleRegistry modules, MonitorService monitors) {
		this.listeners = listeners;
		this.modules = modules;
		this.monitors = monitors;
	}

	void apply(Lab current, Lab desired, List<Change> changes) {
		Deque<Runnable> undo = new ArrayDeque<>();
		try {
			for (Change change : changes) {
				undo.push(apply(current, desired, change));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Applying the lab failed (" + ex.getMessage() + "); undoing " + undo.size() + " change(s)");
			while (!undo.isEmpty()) {
				try {
					undo.pop().run();
				}
				catch (RuntimeException undoFailure) {
					logger.error("Could not undo a lab change", undoFailure);
				}
			}
			throw ex;
		}
	}

	/** Make one change; returns what undoes it. */
	private Runnable apply(Lab current, Lab desired, Change change) {
		String name = change.name();
		return switch (change.kind()) {
			case LISTENER -> {
				ListenerSpec before = find(current.listenersOrEmpty(), name, ListenerSpec::name);
				ListenerSpec after = find(desired.listenersOrEmpty(), name, ListenerSpec::name);
				yield switch (change.action()) {
					case CREATE -> {
						this.listeners.create(after);
						yield () -> this.listeners.delete(name);
					}
					case UPDATE -> {
						this.listeners.update(name, after);
						yield () -> this.listeners.update(name, before);
					}
					case DELETE -> {
						this.listeners.delete(name);
						yield () -> this.listeners.create(before);
					}
				};
			}
			case PROBE_MODULE -> {
				ProbeModule before = current.probeModulesOrEmpty().get(name);
				ProbeModule after = desired.probeModulesOrEmpty().get(name);
				if (after == null) {
					this.modules.delete(name);
					yield () -> this.modules.put(name, before);
				}
				this.modules.put(name, after);
				yield () -> restore(this.modules, name, before);
			}
			case MONITOR -> {
				MonitorSpec before = find(current.monitorsOrEmpty(), name, MonitorSpec::name);
				MonitorSpec after = find(desired.monitorsOrEmpty(), name, MonitorSpec::name);
				yield switch (change.action()) {
					case CREATE -> {
						this.monitors.create(after);
						yield () -> this.monitors.delete(name);
					}
					case UPDATE -> {
						this.monitors.replace(name, after);
						yield () -> this.monitors.replace(name, before);
					}
					case DELETE -> {
						this.monitors.delete(name);
						yield () -> this.monitors.create(before);
					}
				};
			}
		};
	}

	private static void restore(ModuleRegistry modules, String name, @Nullable ProbeModule before) {
		if (before != null) {
			modules.put(name, before);
		}
		else {
			modules.delete(name);
		}
	}

	private static <T> T find(List<T> items, String name, Function<T, String> nameOf) {
		return items.stream().filter(item -> name.equals(nameOf.apply(item))).findFirst().orElse(null);
	}

}
