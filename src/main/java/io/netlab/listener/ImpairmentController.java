package io.netlab.listener;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.netlab.impair.ImpairmentSpec;

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
 * The impairments of a listener under {@code /api/listeners/{name}/impairments}: each change
 * acts at once, on open connections too.
 */
@RestController
@RequestMapping(path = "/api/listeners/{name}/impairments", produces = MediaType.APPLICATION_JSON_VALUE)
class ImpairmentController {

	private final ListenerService listeners;

	ImpairmentController(ListenerService listeners) {
		this.listeners = listeners;
	}

	@GetMapping
	List<ImpairmentSpec> list(@PathVariable String name) {
		return this.listeners.impairments(name);
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ImpairmentSpec> add(@PathVariable String name, @RequestBody ImpairmentSpec body) {
		ImpairmentSpec added = this.listeners.checkedImpairment(name, body).withDefaults();
		List<ImpairmentSpec> now = this.listeners.changeImpairments(name, current -> {
			if (current.stream().anyMatch(existing -> existing.name().equals(added.name()))) {
				throw ListenerException.impairmentExists(name, added.name());
			}
			List<ImpairmentSpec> changed = new ArrayList<>(current);
			changed.add(added);
			return changed;
		});
		return ResponseEntity.created(URI.create("/api/listeners/" + name + "/impairments/" + added.name()))
			.body(find(name, now, added.name()));
	}

	@GetMapping("/{impairment}")
	ImpairmentSpec get(@PathVariable String name, @PathVariable String impairment) {
		return find(name, this.listeners.impairments(name), impairment);
	}

	@PutMapping(path = "/{impairment}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ImpairmentSpec replace(@PathVariable String name, @PathVariable String impairment, @RequestBody ImpairmentSpec body) {
		ImpairmentSpec replacement = this.listeners.checkedImpairment(name, body.withName(impairment)).withDefaults();
		List<ImpairmentSpec> now = this.listeners.changeImpairments(name, current -> {
			find(name, current, impairment);
			return current.stream().map(existing -> existing.name().equals(impairment) ? replacement : existing).toList();
		});
		return find(name, now, impairment);
	}

	@DeleteMapping("/{impairment}")
	ResponseEntity<Void> remove(@PathVariable String name, @PathVariable String impairment) {
		this.listeners.changeImpairments(name, current -> {
			find(name, current, impairment);
			return current.stream().filter(existing -> !existing.name().equals(impairment)).toList();
		});
		return ResponseEntity.noContent().build();
	}

	private static ImpairmentSpec find(String listener, List<ImpairmentSpec> impairments, String name) {
		return impairments.stream()
			.filter(impairment -> impairment.name().equals(name))
			.findFirst()
			.orElseThrow(() -> ListenerException.impairmentNotFound(listener, name));
	}

}
