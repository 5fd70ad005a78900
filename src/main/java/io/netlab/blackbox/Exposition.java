package io.netlab.blackbox;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes samples in the Prometheus text exposition format 0.0.4, as blackbox_exporter does:
 * families sorted by name, each with its HELP and TYPE lines once, then its samples.
 */
final class Exposition {

	static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

	private Exposition() {
	}

	static String write(List<Sample> samples) {
		StringBuilder text = new StringBuilder();
		String previous = null;
		for (Sample sample : samples.stream().sorted(Comparator.comparing(Sample::family)).toList()) {
			if (!sample.family().equals(previous)) {
				text.append("# HELP ").append(sample.family()).append(' ').append(escapeHelp(sample.help())).append('\n');
				text.append("# TYPE ").append(sample.family()).append(sample.summary() ? " summary\n" : " gauge\n");
				previous = sample.family();
			}
			text.append(sample.name());
			if (!sample.labels().isEmpty()) {
				text.append('{');
				boolean first = true;
				for (Map.Entry<String, String> label : new TreeMap<>(sample.labels()).entrySet()) {
					text.append(first ? "" : ",").append(label.getKey()).append("=\"").append(escapeValue(label.getValue()))
						.append('"');
					first = false;
				}
				text.append('}');
			}
			text.append(' ').append(format(sample.value())).append('\n');
		}
		return text.toString();
	}

	/** Whole numbers without a fraction, others in Java's shortest form (Prometheus reads both). */
	static String format(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "+Inf" : "-Inf";
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return Double.toString(value);
	}

	private static String escapeHelp(String help) {
		return help.replace("\\", "\\\\").replace("\n", "\\n");
	}

	private static String escapeValue(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
	}

}
