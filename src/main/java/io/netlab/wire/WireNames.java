package io.netlab.wire;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The JSON spelling of netlab's enums: lower case with hyphens ({@code length-prefix}).
 */
public final class WireNames {

	private WireNames() {
	}

	public static String of(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
		for (E candidate : type.getEnumConstants()) {
			if (of(candidate).equalsIgnoreCase(value) || candidate.name().equalsIgnoreCase(value)) {
				return candidate;
			}
		}
		String accepted = Arrays.stream(type.getEnumConstants()).map(WireNames::of).collect(Collectors.joining(", "));
		throw new IllegalArgumentException(
				"unknown " + field + " '" + value + "'; accepted values: " + accepted);
	}

}
