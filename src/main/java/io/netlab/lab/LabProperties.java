package io.netlab.lab;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the declarative lab under {@code netlab.lab.*}; the root {@code application.yml}
 * documents each.
 *
 * @param file a lab document (YAML or JSON) applied at boot and again whenever its content
 * changes; absent = none
 * @param checkInterval how often the file is checked for a change
 */
@ConfigurationProperties("netlab.lab")
record LabProperties(@Nullable Path file, @DefaultValue("10s") Duration checkInterval) {

	LabProperties {
		if (checkInterval.isNegative() || checkInterval.isZero()) {
			throw new IllegalArgumentException("netlab.lab.check-interval must be positive, was " + checkInterval);
		}
	}

}
