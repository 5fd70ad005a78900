package io.netlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4: every line must be a HELP,
 * TYPE, comment or sample line of the grammar, each metric's HELP and TYPE come before its
 * samples and only once, and values must parse. Also checks text with Prometheus's own parser
 * and linter, {@code promtool check metrics}.
 */
public final class PrometheusText {

	private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";

	private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");

	private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");

	private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?[0-9]+)?");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

	private PrometheusText() {
	}

	/** One sample: its metric name, labels and value. */
	public record Sample(String name, Map<String, String> labels, double value) {
	}

	/** The samples of an exposition; fails the test on the first line that breaks the format. */
	public static List<Sample> parse(String text) {
		List<Sample> samples = new ArrayList<>();
		Map<String, String> types = new HashMap<>();
		Set<String> helped = new LinkedHashSet<>();
		Set<String> seen = new LinkedHashSet<>();
		int number = 0;
		for (String line : text.split("\n", -1)) {
			number++;
			if (line.isEmpty()) {
				continue;
			}
			Matcher help = HELP.matcher(line);
			Matcher type = TYPE.matcher(line);
			Matcher sample = SAMPLE.matcher(line);
			if (help.matches()) {
				check(helped.add(help.group(1)) && !seen.contains(help.group(1)), number, line, "HELP twice or after samples");
			}
			else if (type.matches()) {
				check(types.put(type.group(1), type.group(2)) == null && !seen.contains(type.group(1)), number, line,
						"TYPE twice or after samples");
			}
			else if (line.startsWith("#")) {
				continue;
			}
			else {
				check(sample.matches(), number, line, "not a sample line");
				seen.add(sample.group(1));
				samples.add(new Sample(sample.group(1), labels(sample.group(3), number, line), value(sample.group(4), number, line)));
			}
		}
		return samples;
	}

	/** The value of the only sample of this name with these labels (as {@code key=value} pairs), or null. */
	public static Double value(List<Sample> samples, String name, String... labels) {
		Map<String, String> wanted = new LinkedHashMap<>();
		for (String label : labels) {
			wanted.put(label.substring(0, label.indexOf('=')), label.substring(label.indexOf('=') + 1));
		}
		return samples.stream()
			.filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(wanted.entrySet()))
			.map(Sample::value)
			.findFirst()
			.orElse(null);
	}

	/** What {@code promtool check metrics} says of the text: empty when it parses and lints clean. */
	public static String promtoolProblems(String text) {
		try {
			Process process = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
			process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return "promtool did not finish";
			}
			return (process.exitValue() == 0) ? "" : "exit " + process.exitValue() + ": " + output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("promtool (Debian package prometheus) is needed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> labels(String text, int number, String line) {
		Map<String, String> labels = new LinkedHashMap<>();
		if (text == null || text.isEmpty()) {
			return labels;
		}
		Matcher label = LABEL.matcher(text);
		int end = 0;
		while (label.find() && label.start() == end) {
			labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
			end = label.end();
		}
		check(end == text.length(), number, line, "malformed labels");
		return labels;
	}

	private static double value(String text, int number, String line) {
		return switch (text) {
			case "NaN" -> Double.NaN;
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> {
				try {
					yield Double.parseDouble(text);
				}
				catch (NumberFormatException ex) {
					throw new AssertionError("line " + number + " has no valid value: " + line);
				}
			}
		};
	}

	private static void check(boolean ok, int number, String line, String problem) {
		if (!ok) {
			throw new AssertionError("line " + number + ": " + problem + ": " + line);
		}
	}

}
