package io.netlab.lab;

import java.util.List;

import io.netlab.listener.FieldProblem;
import io.netlab.probe.ProbeException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.stereotype.Component;

/**
 * Reads and writes lab documents as JSON or YAML, leaving absent fields out; a document that
 * cannot be read is a 400 naming where it went wrong.
 */
@Component
class LabDocuments {

	private final ObjectMapper json;

	private final ObjectMapper yaml = YAMLMapper.builder()
		.changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	LabDocuments(JsonMapper json) {
		this.json = json;
	}

	String toJson(Lab lab) {
		return this.json.writerWithDefaultPrettyPrinter().writeValueAsString(lab);
	}

	String toYaml(Lab lab) {
		return this.yaml.writeValueAsString(lab);
	}

	/** A document in JSON or YAML (YAML is a superset of JSON, so the YAML reader takes both). */
	Lab read(String text, boolean isYaml) {
		try {
			Lab lab = (isYaml ? this.yaml : this.json).readValue(text, Lab.class);
			if (lab == null) {
				throw invalid("body", "must be a lab document (an object with listeners, probeModules, monitors)");
			}
			return lab;
		}
		catch (DatabindException ex) {
			String path = ex.getPath()
				.stream()
				.map(ref -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
				.orElse("body");
			throw invalid(path, ex.getOriginalMessage());
		}
		catch (JacksonException ex) {
			throw invalid("body", "is not a readable " + (isYaml ? "YAML" : "JSON") + " document: " + ex.getOriginalMessage());
		}
	}

	private static ProbeException invalid(String field, String message) {
		return ProbeException.invalid("The lab", List.of(new FieldProblem(field, message)));
	}

}
