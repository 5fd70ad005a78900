package io.netlab.events;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Which events a reader wants: one listener's or all, some types or all. Tested on socket
 * threads for every event, so it is two reference checks and a set lookup.
 *
 * @param listener only this listener's events; null = every listener's
 * @param types only these types (simple names such as {@code ConnectionOpened}); empty = all
 */
record EventFilter(@Nullable String listener, Set<String> types) {

	static final EventFilter ALL = new EventFilter(null, Set.of());

	/** Every type a {@link LabEvent} can have, sorted. */
	static final Set<String> KNOWN_TYPES = Arrays.stream(LabEvent.class.getPermittedSubclasses())
		.map(Class::getSimpleName)
		.collect(Collectors.toCollection(TreeSet::new));

	/**
	 * A filter from request parameters: {@code listener=name}, {@code type=A,B}; blank means
	 * any. Throws {@link IllegalArgumentException} naming the known types for an unknown one.
	 */
	static EventFilter of(@Nullable String listener, @Nullable String type) {
		Set<String> types = (type == null) ? Set.of()
				: Arrays.stream(type.split(",")).map(String::strip).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
		for (String t : types) {
			if (!KNOWN_TYPES.contains(t)) {
				throw new IllegalArgumentException(
						"Unknown event type '" + t + "'; known types: " + String.join(", ", KNOWN_TYPES));
			}
		}
		String name = (listener == null || listener.isBlank()) ? null : listener.strip();
		return new EventFilter(name, Set.copyOf(types));
	}

	boolean test(LabEvent event) {
		return (this.listener == null || this.listener.equals(event.listener()))
				&& (this.types.isEmpty() || this.types.contains(event.type()));
	}

}
