package io.netlab.impair;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.netlab.wire.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Checks a listener's impairments and lists every problem, field by field.
 */
public final class ImpairmentValidator {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

	private ImpairmentValidator() {
	}

	/**
	 * @param prefix the path of the list, such as {@code impairments}
	 * @param protocol the listener's protocol
	 * @param rawFraming TCP: whether the stream is cut as it arrives (slicer needs it)
	 */
	public static List<ImpairmentProblem> validate(String prefix, @Nullable List<ImpairmentSpec> impairments,
			Protocol protocol, boolean rawFraming) {
		List<ImpairmentProblem> problems = new ArrayList<>();
		if (impairments == null) {
			return problems;
		}
		if (impairments.size() > 32) {
			problems.add(new ImpairmentProblem(prefix, "at most 32 impairments per listener, was " + impairments.size()));
		}
		Set<String> names = new HashSet<>();
		for (int i = 0; i < impairments.size(); i++) {
			String at = prefix + "[" + i + "]";
			ImpairmentSpec spec = impairments.get(i);
			if (spec == null) {
				problems.add(new ImpairmentProblem(at, "must be an object"));
				continue;
			}
			List<ImpairmentProblem> own = validateOne(at, spec, protocol, rawFraming);
			problems.addAll(own);
			if (own.isEmpty() && !names.add(spec.withDefaults().name())) {
				problems.add(new ImpairmentProblem(path(at, "name"),
						"'" + spec.withDefaults().name() + "' is used twice; impairment names are unique per listener"));
			}
		}
		return problems;
	}

	/** Problems of one impairment; {@code at} is its path, empty for a request body that is the impairment. */
	public static List<ImpairmentProblem> validateOne(String at, ImpairmentSpec spec, Protocol protocol, boolean rawFraming) {
		List<ImpairmentProblem> problems = new ArrayList<>();
		if (spec.name() != null && !NAME.matcher(spec.name()).matches()) {
			problems.add(new ImpairmentProblem(path(at, "name"),
					"must match [A-Za-z0-9][A-Za-z0-9_.-]{0,62}, was '" + spec.name() + "'"));
		}
		if (spec.toxicity() != null && !(spec.toxicity() >= 0 && spec.toxicity() <= 1)) {
			problems.add(new ImpairmentProblem(path(at, "toxicity"), "must be between 0 and 1, was " + spec.toxicity()));
		}
		ImpairmentType type = ImpairmentType.of(spec.type());
		if (type == null || !type.appliesTo(protocol)) {
			problems.add(new ImpairmentProblem(path(at, "type"), ((spec.type() == null) ? "is missing"
					: "'" + spec.type() + "' does not apply to " + protocol.wireName()) + "; "
					+ protocol.wireName() + " takes " + String.join(", ", ImpairmentType.namesFor(protocol))));
			return problems;
		}
		if (type == ImpairmentType.SLICER && !rawFraming) {
			problems.add(new ImpairmentProblem(path(at, "type"),
					"slicer cuts the byte stream, so it needs framing raw (a sliced frame would no longer be one frame)"));
		}
		Map<String, Object> attributes = (spec.attributes() != null) ? spec.attributes() : Map.of();
		for (Map.Entry<String, Object> entry : attributes.entrySet()) {
			ImpairmentType.Attribute attribute = type.attributes()
				.stream()
				.filter(a -> a.name().equals(entry.getKey()))
				.findFirst()
				.orElse(null);
			String field = path(at, "attributes.") + entry.getKey();
			if (attribute == null) {
				problems.add(new ImpairmentProblem(field, "is not an attribute of " + type.wireName() + "; it takes "
						+ type.attributes().stream().map(ImpairmentType.Attribute::name).toList()));
			}
			else {
				checkValue(problems, field, attribute, entry.getValue());
			}
		}
		if (type == ImpairmentType.SLICER && attributes.get("average_size") instanceof Number average
				&& attributes.get("size_variation") instanceof Number variation
				&& variation.longValue() >= average.longValue()) {
			problems.add(new ImpairmentProblem(path(at, "attributes.size_variation"), "must be less than average_size"));
		}
		return problems;
	}

	private static String path(String at, String field) {
		return at.isEmpty() ? field : at + "." + field;
	}

	private static void checkValue(List<ImpairmentProblem> problems, String field, ImpairmentType.Attribute attribute,
			@Nullable Object value) {
		if (!(value instanceof Number number)) {
			problems.add(new ImpairmentProblem(field, "must be a number, was " + value));
			return;
		}
		double v = number.doubleValue();
		boolean whole = !attribute.fraction();
		if (whole && v != Math.rint(v)) {
			problems.add(new ImpairmentProblem(field, "must be a whole number, was " + value));
		}
		else if (!(v >= attribute.min() && v <= attribute.max())) {
			problems.add(new ImpairmentProblem(field, "must be between " + format(attribute.min(), whole) + " and "
					+ format(attribute.max(), whole) + ", was " + value));
		}
	}

	private static String format(double value, boolean whole) {
		return whole ? String.valueOf((long) value) : String.valueOf(value);
	}

}
