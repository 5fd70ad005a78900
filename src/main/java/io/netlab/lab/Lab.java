package io.netlab.lab;

import java.util.List;
import java.util.Map;

import io.netlab.blackbox.ProbeModule;
import io.netlab.listener.ListenerSpec;
import io.netlab.monitor.MonitorSpec;
import org.jspecify.annotations.Nullable;

/**
 * A lab document: the desired set of API-made listeners, probe modules and monitors. What it
 * leaves out does not exist once it is applied; listeners and modules from configuration are
 * not part of it.
 *
 * @param listeners listener specs, as {@code POST /api/listeners} takes them
 * @param probeModules probe modules by name, as {@code PUT /api/probe-modules/{name}} takes them
 * @param monitors monitor specs, each with its name, as {@code POST /api/monitors} takes them
 */
public record Lab(@Nullable List<ListenerSpec> listeners, @Nullable Map<String, ProbeModule> probeModules,
		@Nullable List<MonitorSpec> monitors) {

	List<ListenerSpec> listenersOrEmpty() {
		return (this.listeners != null) ? this.listeners : List.of();
	}

	Map<String, ProbeModule> probeModulesOrEmpty() {
		return (this.probeModules != null) ? this.probeModules : Map.of();
	}

	List<MonitorSpec> monitorsOrEmpty() {
		return (this.monitors != null) ? this.monitors : List.of();
	}

}
