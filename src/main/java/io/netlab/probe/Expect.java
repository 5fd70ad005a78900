package io.netlab.probe;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * What a reply must be: exactly some text, or (written {@code regex:...}) text in which a
 * pattern is found. Patterns come from users, so they run on RE2J, whose matching takes time
 * linear in the reply whatever the pattern; it has no back-references or look-around.
 * Immutable; a RE2J {@link Pattern} is safe to share between threads.
 */
record Expect(String text, @Nullable Pattern pattern) {

	static final String REGEX_PREFIX = "regex:";

	/** @throws PatternSyntaxException if a {@code regex:} pattern is not one RE2J accepts */
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
