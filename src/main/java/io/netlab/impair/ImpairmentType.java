package io.netlab.impair;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.netlab.wire.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * The kinds of impairment, with Toxiproxy's names and attribute names, the protocols each
 * applies to and the attributes it takes.
 */
public enum ImpairmentType {

	LATENCY(Set.of(Protocol.TCP, Protocol.UDP), Attribute.whole("latency", 0, 3_600_000, 0),
			Attribute.whole("jitter", 0, 3_600_000, 0)),
	BANDWIDTH(Set.of(Protocol.TCP), Attribute.whole("rate", 0, Integer.MAX_VALUE, 0)),
	SLOW_CLOSE(Set.of(Protocol.TCP), Attribute.whole("delay", 0, 3_600_000, 0)),
	TIMEOUT(Set.of(Protocol.TCP), Attribute.whole("timeout", 0, 3_600_000, 0)),
	RESET_PEER(Set.of(Protocol.TCP), Attribute.whole("timeout", 0, 3_600_000, 0)),
	SLICER(Set.of(Protocol.TCP), Attribute.whole("average_size", 1, 16 * 1024 * 1024, 1),
			Attribute.whole("size_variation", 0, 16 * 1024 * 1024, 0), Attribute.whole("delay", 0, 60_000_000, 0)),
	LIMIT_DATA(Set.of(Protocol.TCP), Attribute.whole("bytes", 0, Long.MAX_VALUE, 0)),
	LOSS(Set.of(Protocol.UDP), Attribute.fraction("probability")),
	DUPLICATE(Set.of(Protocol.UDP), Attribute.fraction("probability")),
	REORDER(Set.of(Protocol.UDP), Attribute.fraction("probability"), Attribute.whole("gap", 1, 1000, 1)),
	CORRUPT(Set.of(Protocol.UDP), Attribute.fraction("probability")),
	TRUNCATE(Set.of(Protocol.UDP), Attribute.whole("bytes", 0, 65507, 0)),
	RATE(Set.of(Protocol.UDP), Attribute.whole("packets_per_second", 1, 1_000_000, 1000));

	private final Set<Protocol> protocols;

	private final List<Attribute> attributes;

	ImpairmentType(Set<Protocol> protocols, Attribute... attributes) {
		this.protocols = protocols;
		this.attributes = List.of(attributes);
	}

	/** The name in JSON, as Toxiproxy spells it: {@code reset_peer}, {@code limit_data}. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean appliesTo(Protocol protocol) {
		return this.protocols.contains(protocol);
	}

	public List<Attribute> attributes() {
		return this.attributes;
	}

	/** The type of this name, or null if there is none. */
	public static @Nullable ImpairmentType of(@Nullable String wireName) {
		for (ImpairmentType type : values()) {
			if (type.wireName().equals(wireName)) {
				return type;
			}
		}
		return null;
	}

	/** The names of the types that apply to a protocol, for error messages. */
	static List<String> namesFor(Protocol protocol) {
		return java.util.Arrays.stream(values()).filter(t -> t.appliesTo(protocol)).map(ImpairmentType::wireName).toList();
	}

	/**
	 * One attribute of an impairment type: a whole number or a fraction, its range and default.
	 *
	 * @param name the attribute's JSON name
	 * @param fraction true for a number between 0 and 1, false for a whole number
	 * @param min smallest value allowed
	 * @param max largest value allowed
	 * @param fallback value when absent
	 */
	public record Attribute(String name, boolean fraction, double min, double max, Number fallback) {

		static Attribute whole(String name, long min, long max, long fallback) {
			return new Attribute(name, false, min, max, fallback);
		}

		static Attribute fraction(String name) {
			return new Attribute(name, true, 0, 1, 0.0);
		}

	}

}
