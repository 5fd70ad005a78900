package io.netlab.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads single samples out of a Prometheus text exposition.
 */
public final class Prometheus {

	private Prometheus() {
	}

	/**
	 * The value of the sample with this name whose labels include all the given ones
	 * ({@code listener="x"} ...), or null if there is none.
	 */
	public static Double sample(String exposition, String name, String... labels) {
		Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
		Matcher matcher = line.matcher(exposition);
		while (matcher.find()) {
			String found = matcher.group(1);
			boolean all = true;
			for (String label : labels) {
				all &= found.contains(label);
			}
			if (all) {
				return Double.valueOf(matcher.group(2));
			}
		}
		return null;
	}

}
