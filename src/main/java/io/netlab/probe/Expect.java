package io.netlab.probe;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

/**
 * What a reply must be: exactly some text, or (written {@code regex:...}) text in which a
 * pattern is found. Immutable; {@link Pattern} is safe to share between threads.
 */
record Expect(String text, @Nullable Pattern pattern) {

	static final String REGEX_PREFIX = "regex:";

	/** @throws PatternSyntaxException if a {@code regex:} pattern does not compile */
	static Expect parse(String expect) {
		if (expect.startsWith(REGEX_PREFIX)) {
			return new Expect(expect, Pattern.compile(expect.substring(REGEX_PREFIX.length())));
		}
		return new Expect(expect, null);
	}

	boolean matches(String reply) {
		return (this.pattern != null) ? this.pattern.matcher(reply).find() : this.text.equals(reply);
	}

	String describe() {
		return (this.pattern != null) ? "pattern /" + this.pattern.pattern() + "/" : "'" + this.text + "'";
	}

}
