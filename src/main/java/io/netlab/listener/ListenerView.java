package io.netlab.listener;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;

/**
 * A listener as the API shows it: its spec with defaults applied, and what it is doing.
 *
 * @param spec the spec, defaults applied
 * @param state lifecycle state
 * @param boundPort the port actually bound while running (the OS's pick for port 0), else null
 * @param error why it failed, else null
 * @param source {@code config} or {@code api}
 * @param effectiveOptions socket options as read back from the sockets (the kernel adjusts some)
 * @param stats counters since the listener was created
 * @param impairmentActions how often each impairment acted, by name
 */
public record ListenerView(@JsonUnwrapped ListenerSpec spec, ListenerState state, @Nullable Integer boundPort,
		@Nullable String error, ListenerSource source, Map<String, Object> effectiveOptions,
		ListenerStats.View stats, Map<String, Long> impairmentActions) {
}
