package io.netlab.blackbox;

import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST API of probe modules under {@code /api/probe-modules}: list, read, and for modules
 * made over the API, create or replace and delete. Changes are stored before the answer.
 */
@RestController
@RequestMapping(path = "/api/probe-modules", produces = MediaType.APPLICATION_JSON_VALUE)
class ProbeModuleController {

	private final ModuleRegistry modules;

	ProbeModuleController(ModuleRegistry modules) {
		this.modules = modules;
	}

	@GetMapping
	List<ModuleView> list() {
		return this.modules.list();
	}

	@GetMapping("/{name}")
	ModuleView get(@PathVariable String name) {
		return this.modules.get(name);
	}

	/** 201 with its {@code Location} when created, 200 when replaced. */
	@PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ModuleView> put(@PathVariable String name, @RequestBody ProbeModule module) {
		boolean created = this.modules.put(name, module);
		ModuleView view = this.modules.get(name);
		return created ? ResponseEntity.created(URI.create("/api/probe-modules/" + name)).body(view)
				: ResponseEntity.ok(view);
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.modules.delete(name);
		return ResponseEntity.noContent().build();
	}

}
