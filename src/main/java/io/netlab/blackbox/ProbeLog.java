package io.netlab.blackbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of one probe as logfmt lines, in the manner of blackbox_exporter's
 * {@code debug=true} output. One per probe, one thread.
 */
final class ProbeLog {

	private final String prefix;

	private final List<String> lines = new ArrayList<>();

	ProbeLog(String module, String target) {
		this.prefix = " module=" + module + " target=" + target;
	}

	void info(String message, Object... keyValues) {
		add("info", message, keyValues);
	}

	void error(String message, Object... keyValues) {
		add("error", message, keyValues);
	}

	List<String> lines() {
		return List.copyOf(this.lines);
	}

	private void add(String level, String message, Object... keyValues) {
		StringBuilder line = new StringBuilder("ts=").append(Instant.now()).append(this.prefix).append(" level=")
			.append(level).append(" msg=").append(quote(message));
		for (int i = 0; i + 1 < keyValues.length; i += 2) {
			line.append(' ').append(keyValues[i]).append('=').append(quote(String.valueOf(keyValues[i + 1])));
		}
		this.lines.add(line.toString());
	}

	private static String quote(String value) {
		boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=');
		return plain ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
