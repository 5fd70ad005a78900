package io.netlab.listener;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The listeners' settings under {@code netlab.*}; the root {@code application.yml} documents each.
 *
 * @param drainTimeout how long a stopped listener lets open connections finish
 * @param bindTimeout how long to wait for a listener's port to be bound
 * @param nioLoops selector threads per {@code nio} listener; 0 = one per CPU
 * @param listeners listeners declared in configuration, started at boot
 */
@ConfigurationProperties("netlab")
public record ListenerProperties(@DefaultValue("5s") Duration drainTimeout, @DefaultValue("5s") Duration bindTimeout,
		@DefaultValue("0") int nioLoops, @Nullable List<ListenerSpec> listeners) {

	public ListenerProperties {
		listeners = (listeners != null) ? List.copyOf(listeners) : List.of();
		if (nioLoops <= 0) {
			nioLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
		}
	}

}
