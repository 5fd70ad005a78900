package io.netlab.monitor;

import io.netlab.blackbox.ProbeModule;
import org.jspecify.annotations.Nullable;

/**
 * What a user asks {@code POST /api/monitors} to watch: a target probed with a module (by name,
 * or given inline) every {@code intervalMs}.
 *
 * @param name unique, {@code [a-z0-9][a-z0-9-]{0,62}}; from the path on PUT
 * @param module the name of a probe module (GET /api/probe-modules); or give {@code probe}
 * @param probe a probe module given inline, with the same fields as {@code PUT /api/probe-modules/{name}}
 * @param target {@code host:port}, or a name for a dns module
 * @param intervalMs how often to probe (default 30000)
 */
public record MonitorSpec(@Nullable String name, @Nullable String module, @Nullable ProbeModule probe,
		@Nullable String target, @Nullable Long intervalMs) {

	static final long DEFAULT_INTERVAL_MS = 30_000;

	/** This spec under {@code name} with every absent field set to its default. */
	public MonitorSpec withDefaults(String name) {
		return new MonitorSpec(name, this.module, this.probe, this.target,
				(this.intervalMs != null) ? this.intervalMs : DEFAULT_INTERVAL_MS);
	}

	/** The module's name as the probe's log and samples show it. */
	String moduleLabel() {
		return (this.module != null) ? this.module : "inline";
	}

}
