package io.netlab.blackbox;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Probe modules declared in configuration under {@code netlab.probe.modules.<name>}, as in a
 * blackbox_exporter config file; they may also replace a built-in module of the same name.
 *
 * @param modules the modules by name
 */
@ConfigurationProperties("netlab.probe")
record ProbeModuleProperties(@Nullable Map<String, ProbeModule> modules) {

	ProbeModuleProperties {
		modules = (modules != null) ? new TreeMap<>(modules) : Map.of();
	}

}
