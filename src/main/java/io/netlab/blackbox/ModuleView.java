package io.netlab.blackbox;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A probe module as {@code /api/probe-modules} shows it: its name, where it comes from, and its
 * fields inline.
 *
 * @param name the module's name, as given in {@code /probe?module=}
 * @param source built-in, from configuration, or made over the API (only those can change)
 * @param module its settings
 */
public record ModuleView(String name, Source source, @JsonUnwrapped ProbeModule module) {

	/** Where a module comes from. */
	public enum Source {

		BUILTIN, CONFIG, API;

		@JsonValue
		String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
