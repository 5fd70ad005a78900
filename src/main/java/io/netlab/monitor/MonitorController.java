package io.netlab.monitor;

import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The REST API of scheduled monitors under {@code /api/monitors}. */
@RestController
@RequestMapping(path = "/api/monitors", produces = MediaType.APPLICATION_JSON_VALUE)
class MonitorController {

	private final MonitorService monitors;

	MonitorController(MonitorService monitors) {
		this.monitors = monitors;
	}

	@GetMapping
	List<MonitorView> list() {
		return this.monitors.list();
	}

	/** 201 with its {@code Location}; it runs at once and then every {@code intervalMs}. */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<MonitorView> create(@RequestBody MonitorSpec spec) {
		MonitorView view = this.monitors.create(spec);
		return ResponseEntity.created(URI.create("/api/monitors/" + view.spec().name())).body(view);
	}

	@GetMapping("/{name}")
	MonitorView get(@PathVariable String name) {
		return this.monitors.view(name);
	}

	@PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
	MonitorView replace(@PathVariable String name, @RequestBody MonitorSpec spec) {
		return this.monitors.replace(name, spec);
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.monitors.delete(name);
		return ResponseEntity.noContent().build();
	}

}
