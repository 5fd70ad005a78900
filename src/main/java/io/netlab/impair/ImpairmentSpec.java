package io.netlab.impair;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One impairment of a listener, as the user writes it and as Toxiproxy names its toxics.
 * Absent fields take their defaults in {@link #withDefaults()}.
 *
 * @param name unique within the listener; default {@code <type>_<stream>} as Toxiproxy's
 * @param type what it does: {@code latency}, {@code loss}, ... (see {@link ImpairmentType})
 * @param stream {@code downstream} (towards the client, default) or {@code upstream}
 * @param toxicity the chance it acts: per connection for TCP, per datagram for UDP; default 1
 * @param attributes the type's attributes, by Toxiproxy's names
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImpairmentSpec(@Nullable String name, @Nullable String type, @Nullable ImpairmentStream stream,
		@Nullable Double toxicity, @Nullable Map<String, Object> attributes) {

	/** This spec with every default applied; call only on a spec the validator accepted. */
	public ImpairmentSpec withDefaults() {
		ImpairmentType kind = ImpairmentType.of(this.type);
		ImpairmentStream direction = (this.stream != null) ? this.stream : ImpairmentStream.DOWNSTREAM;
		Map<String, Object> given = (this.attributes != null) ? this.attributes : Map.of();
		Map<String, Object> complete = new LinkedHashMap<>();
		for (ImpairmentType.Attribute attribute : kind.attributes()) {
			Object value = given.get(attribute.name());
			Number number = (value instanceof Number n) ? n : attribute.fallback();
			complete.put(attribute.name(), attribute.fraction() ? (Object) number.doubleValue() : (Object) number.longValue());
		}
		String effectiveName = (this.name != null) ? this.name : kind.wireName() + "_" + direction.wireName();
		return new ImpairmentSpec(effectiveName, kind.wireName(), direction,
				(this.toxicity != null) ? this.toxicity : 1.0, Map.copyOf(complete));
	}

	/** This spec under another name, as a PUT to {@code .../impairments/{name}} means. */
	public ImpairmentSpec withName(String newName) {
		return new ImpairmentSpec(newName, this.type, this.stream, this.toxicity, this.attributes);
	}

	ImpairmentType kind() {
		return ImpairmentType.of(this.type);
	}

	long whole(String attribute) {
		return ((Number) this.attributes.get(attribute)).longValue();
	}

	double fraction(String attribute) {
		return ((Number) this.attributes.get(attribute)).doubleValue();
	}

}
