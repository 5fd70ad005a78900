package io.netlab.listener;

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

/**
 * The REST control plane of listeners under {@code /api/listeners}.
 */
@RestController
@RequestMapping(path = "/api/listeners", produces = MediaType.APPLICATION_JSON_VALUE)
class ListenerController {

	private final ListenerService listeners;

	ListenerController(ListenerService listeners) {
		this.listeners = listeners;
	}

	@GetMapping
	List<ListenerView> list() {
		return this.listeners.list();
	}

	/** Answers 201 only once the port is bound. */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ListenerView> create(@RequestBody ListenerSpec spec) {
		ListenerView created = this.listeners.create(spec);
		return ResponseEntity.created(URI.create("/api/listeners/" + created.spec().name())).body(created);
	}

	@GetMapping("/{name}")
	ListenerView get(@PathVariable String name) {
		return this.listeners.get(name);
	}

	@PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ListenerView update(@PathVariable String name, @RequestBody ListenerSpec spec) {
		return this.listeners.update(name, spec);
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.listeners.delete(name);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{name}/start")
	ListenerView start(@PathVariable String name) {
		return this.listeners.start(name);
	}

	@PostMapping("/{name}/stop")
	ListenerView stop(@PathVariable String name) {
		return this.listeners.stop(name);
	}

	@GetMapping("/{name}/connections")
	List<ConnectionView> connections(@PathVariable String name) {
		return this.listeners.connections(name);
	}

	@DeleteMapping("/{name}/connections/{id}")
	ResponseEntity<Void> closeConnection(@PathVariable String name, @PathVariable String id) {
		this.listeners.closeConnection(name, id);
		return ResponseEntity.noContent().build();
	}

}
