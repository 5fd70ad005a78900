package io.netlab.lab;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The REST API of the declarative lab at {@code /api/lab}, in JSON or YAML. */
@RestController
@RequestMapping("/api/lab")
class LabController {

	static final String YAML = "application/yaml";

	private final LabService lab;

	private final LabDocuments documents;

	LabController(LabService lab, LabDocuments documents) {
		this.lab = lab;
		this.documents = documents;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	String exportJson() {
		return this.documents.toJson(this.lab.export());
	}

	@GetMapping(produces = YAML)
	String exportYaml() {
		return this.documents.toYaml(this.lab.export());
	}

	/** 200 with the plan; with {@code dryRun=true} nothing is changed. */
	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	LabPlan applyJson(@RequestBody String body, @RequestParam(defaultValue = "false") boolean dryRun) {
		return this.lab.apply(this.documents.read(body, false), dryRun);
	}

	@PutMapping(consumes = YAML, produces = MediaType.APPLICATION_JSON_VALUE)
	LabPlan applyYaml(@RequestBody String body, @RequestParam(defaultValue = "false") boolean dryRun) {
		return this.lab.apply(this.documents.read(body, true), dryRun);
	}

}
