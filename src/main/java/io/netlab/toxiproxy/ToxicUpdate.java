package io.netlab.toxiproxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netlab.impair.ImpairmentSpec;
import io.netlab.impair.ImpairmentStream;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;

/**
 * Toxiproxy's toxic update: the fields and attributes given replace those of the toxic, the
 * others stay.
 */
final class ToxicUpdate {

	private ToxicUpdate() {
	}

	static ImpairmentSpec find(List<ImpairmentSpec> toxics, String name) {
		return toxics.stream()
			.filter(toxic -> toxic.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new ToxiproxyException(HttpStatus.NOT_FOUND, "toxic not found"));
	}

	static ImpairmentSpec merge(ImpairmentSpec current, JsonNode body) {
		Map<String, Object> attributes = new LinkedHashMap<>(current.attributes());
		JsonNode given = body.path("attributes");
		if (given.isObject()) {
			given.properties().forEach(entry -> attributes.put(entry.getKey(),
					entry.getValue().isNumber() ? entry.getValue().numberValue() : entry.getValue().asText()));
		}
		Double toxicity = body.hasNonNull("toxicity") ? body.get("toxicity").asDouble() : current.toxicity();
		ImpairmentStream stream = body.hasNonNull("stream") ? ImpairmentStream.fromWireName(body.get("stream").asText())
				: current.stream();
		String type = body.hasNonNull("type") ? body.get("type").asText() : current.type();
		return new ImpairmentSpec(current.name(), type, stream, toxicity, attributes);
	}

}
