package io.netlab.probe;

import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST API of probes under {@code /api/probes}: one-shot probes and load runs, and the
 * async runs' progress, results and cancellation.
 */
@RestController
@RequestMapping(path = "/api/probes", produces = MediaType.APPLICATION_JSON_VALUE)
class ProbeController {

	private final ProbeService probes;

	ProbeController(ProbeService probes) {
		this.probes = probes;
	}

	/**
	 * A one-shot probe or a waited-for load run answers 200 whatever the outcome; an async load
	 * run answers 202 with the run's {@code Location}.
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> probe(@RequestBody ProbeRequest request) {
		if (!request.isLoadRun()) {
			return ResponseEntity.ok(this.probes.probe(request));
		}
		if (!request.isAsync()) {
			return ResponseEntity.ok(this.probes.load(request));
		}
		RunView run = this.probes.startAsync(request);
		return ResponseEntity.accepted().location(URI.create("/api/probes/runs/" + run.id())).body(run);
	}

	@GetMapping("/runs")
	List<RunView> runs() {
		return this.probes.runs();
	}

	@GetMapping("/runs/{id}")
	RunView run(@PathVariable String id) {
		return this.probes.run(id);
	}

	/** Cancel a run; answers with the run as it stopped, figures so far included. */
	@DeleteMapping("/runs/{id}")
	RunView cancel(@PathVariable String id) {
		return this.probes.cancel(id);
	}

}
