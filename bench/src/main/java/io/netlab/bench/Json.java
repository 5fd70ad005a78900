package io.netlab.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the bench writes (results beside the markdown): ordered objects, lists,
 * strings, numbers, booleans and null; a number that is NaN or infinite is written as null.
 */
final class Json {

	private Json() {
	}

	/** An object whose keys keep the order they were put in. */
	static Map<String, Object> object() {
		return new LinkedHashMap<>();
	}

	static String write(Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out, "");
		return out.toString();
	}

	private static void write(Object value, StringBuilder out, String indent) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			writeMembers(map, out, indent);
		}
		else if (value instanceof List<?> list) {
			writeList(list, out, indent);
		}
		else if (value instanceof Double || value instanceof Float) {
			double d = ((Number) value).doubleValue();
			out.append(Double.isFinite(d) ? number(d) : "null");
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else {
			string(value.toString(), out);
		}
	}

	private static void writeMembers(Map<?, ?> map, StringBuilder out, String indent) {
		String inner = indent + "  ";
		out.append('{');
		String sep = "\n";
		for (Map.Entry<?, ?> e : map.entrySet()) {
			out.append(sep).append(inner);
			string(String.valueOf(e.getKey()), out);
			out.append(": ");
			write(e.getValue(), out, inner);
			sep = ",\n";
		}
		out.append(map.isEmpty() ? "}" : "\n" + indent + "}");
	}

	private static void writeList(List<?> list, StringBuilder out, String indent) {
		String inner = indent + "  ";
		out.append('[');
		String sep = "\n";
		for (Object item : list) {
			out.append(sep).append(inner);
			write(item, out, inner);
			sep = ",\n";
		}
		out.append(list.isEmpty() ? "]" : "\n" + indent + "]");
	}

	/** Up to 3 decimals, no exponent, no trailing zeros: 12, 0.953, 81234.5. */
	private static String number(double d) {
		String s = new java.math.BigDecimal(d).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
		return s.equals("-0") ? "0" : s;
	}

	private static void string(String s, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
