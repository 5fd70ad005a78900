package io.netlab.toxiproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netlab.impair.ImpairmentSpec;
import io.netlab.listener.ListenerService;
import io.netlab.listener.ListenerView;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Toxiproxy 2.x's HTTP API at its own paths: a proxy is a TCP forward listener, a toxic an
 * impairment. Bodies are read as text whatever their content type, since Toxiproxy's clients
 * do not all send one (the request guard lets them through only without a browser's headers).
 */
@RestController
class ToxiproxyController {

	/** The Toxiproxy API version this one follows. */
	static final String VERSION = "2.12.0";

	private final ListenerService listeners;

	private final ToxiproxyProxies proxies;

	private final JsonMapper json;

	ToxiproxyController(ListenerService listeners, ToxiproxyProxies proxies, JsonMapper json) {
		this.listeners = listeners;
		this.proxies = proxies;
		this.json = json;
	}

	@GetMapping(path = "/version", produces = MediaType.TEXT_PLAIN_VALUE)
	String version() {
		return VERSION;
	}

	@GetMapping(path = "/proxies", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, ProxyView> list() {
		Map<String, ProxyView> all = new LinkedHashMap<>();
		this.proxies.all().forEach(view -> all.put(view.spec().name(), ProxyView.of(view)));
		return all;
	}

	@PostMapping(path = "/proxies", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ProxyView> create(HttpServletRequest body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(ProxyView.of(this.proxies.create(read(body))));
	}

	@GetMapping(path = "/proxies/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	ProxyView get(@PathVariable String name) {
		return ProxyView.of(this.proxies.find(name));
	}

	@PostMapping(path = "/proxies/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	ProxyView update(@PathVariable String name, HttpServletRequest body) {
		return ProxyView.of(this.proxies.update(name, read(body)));
	}

	@DeleteMapping("/proxies/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.proxies.find(name);
		this.listeners.delete(name);
		return ResponseEntity.noContent().build();
	}

	@GetMapping(path = "/proxies/{name}/toxics", produces = MediaType.APPLICATION_JSON_VALUE)
	List<ImpairmentSpec> toxics(@PathVariable String name) {
		this.proxies.find(name);
		return this.listeners.impairments(name);
	}

	@PostMapping(path = "/proxies/{name}/toxics", produces = MediaType.APPLICATION_JSON_VALUE)
	ImpairmentSpec addToxic(@PathVariable String name, HttpServletRequest body) {
		this.proxies.find(name);
		ImpairmentSpec toxic = this.listeners.checkedImpairment(name, this.json.treeToValue(read(body), ImpairmentSpec.class))
			.withDefaults();
		this.listeners.changeImpairments(name, current -> {
			if (current.stream().anyMatch(existing -> existing.name().equals(toxic.name()))) {
				throw new ToxiproxyException(HttpStatus.CONFLICT, "toxic already exists");
			}
			List<ImpairmentSpec> changed = new ArrayList<>(current);
			changed.add(toxic);
			return changed;
		});
		return toxic;
	}

	@GetMapping(path = "/proxies/{name}/toxics/{toxic}", produces = MediaType.APPLICATION_JSON_VALUE)
	ImpairmentSpec toxic(@PathVariable String name, @PathVariable String toxic) {
		this.proxies.find(name);
		return ToxicUpdate.find(this.listeners.impairments(name), toxic);
	}

	/** Toxiproxy's update merges: absent fields and attributes keep their values. */
	@PostMapping(path = "/proxies/{name}/toxics/{toxic}", produces = MediaType.APPLICATION_JSON_VALUE)
	ImpairmentSpec updateToxic(@PathVariable String name, @PathVariable String toxic,
			HttpServletRequest body) {
		this.proxies.find(name);
		ImpairmentSpec current = ToxicUpdate.find(this.listeners.impairments(name), toxic);
		ImpairmentSpec merged = this.listeners.checkedImpairment(name, ToxicUpdate.merge(current, read(body)))
			.withDefaults();
		this.listeners.changeImpairments(name, list -> list.stream()
			.map(existing -> existing.name().equals(toxic) ? merged : existing)
			.toList());
		return merged;
	}

	@DeleteMapping("/proxies/{name}/toxics/{toxic}")
	ResponseEntity<Void> removeToxic(@PathVariable String name, @PathVariable String toxic) {
		this.proxies.find(name);
		ToxicUpdate.find(this.listeners.impairments(name), toxic);
		this.listeners.changeImpairments(name,
				list -> list.stream().filter(existing -> !existing.name().equals(toxic)).toList());
		return ResponseEntity.noContent().build();
	}

	/** Enable every proxy and remove every toxic. */
	@PostMapping("/reset")
	ResponseEntity<Void> reset() {
		for (ListenerView view : this.proxies.all()) {
			this.listeners.changeImpairments(view.spec().name(), list -> List.of());
			this.proxies.enable(view.spec().name(), true);
		}
		return ResponseEntity.noContent().build();
	}

	/** Create or replace the proxies listed; the others are left alone. */
	@PostMapping(path = "/populate", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, List<ProxyView>>> populate(HttpServletRequest body) {
		JsonNode given = read(body);
		JsonNode list = given.isArray() ? given : given.path("proxies");
		if (!list.isArray()) {
			throw new ToxiproxyException(HttpStatus.BAD_REQUEST, "populate takes a JSON array of proxies");
		}
		List<ProxyView> done = new ArrayList<>();
		for (JsonNode proxy : list) {
			done.add(ProxyView.of(this.proxies.createOrReplace(proxy)));
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("proxies", done));
	}

	/**
	 * The body as JSON, read from the stream itself: for a post that claims to be a form, the
	 * request's parsed form would otherwise stand in for it.
	 */
	private JsonNode read(HttpServletRequest request) {
		String body;
		try {
			body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (body.isBlank() && request.getParameterMap().size() == 1) {
			// read as a form already: the JSON text is the one parameter's name
			body = request.getParameterMap().keySet().iterator().next();
		}
		if (body.isBlank()) {
			return this.json.createObjectNode();
		}
		return this.json.readTree(body);
	}

}
