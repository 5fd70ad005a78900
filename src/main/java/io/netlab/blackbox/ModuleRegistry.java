package io.netlab.blackbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.netlab.config.JsonFile;
import io.netlab.config.NetlabProperties;
import io.netlab.listener.FieldProblem;
import io.netlab.probe.ProbeException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Every probe module by name: the built-in ones, those from configuration (which may replace a
 * built-in one), and those made over the API, which are kept in {@code probe-modules.json}
 * under the data directory. Built-in and configured modules cannot be changed over the API.
 * Safe for concurrent use; changes are serialized.
 */
@Component
public class ModuleRegistry {

	static final String FILE_NAME = "probe-modules.json";

	private final Map<String, ModuleView> fixed = new TreeMap<>();

	/** Guarded by this. */
	private final Map<String, ProbeModule> api = new TreeMap<>();

	private final JsonFile file;

	ModuleRegistry(ProbeModuleProperties properties, NetlabProperties netlab, JsonMapper json) {
		BuiltinModules.all().forEach((name, module) -> this.fixed.put(name, new ModuleView(name, ModuleView.Source.BUILTIN, module)));
		properties.modules().forEach((name, module) -> {
			List<FieldProblem> problems = ModuleValidator.validate(name, module);
			if (!problems.isEmpty()) {
				throw new IllegalStateException("netlab.probe.modules." + name + " is invalid: " + problems);
			}
			this.fixed.put(name, new ModuleView(name, ModuleView.Source.CONFIG, module));
		});
		this.file = new JsonFile(netlab.dataDir().resolve(FILE_NAME), json);
		Stored stored = this.file.read(Stored.class);
		if (stored != null && stored.modules() != null) {
			stored.modules().forEach((name, module) -> {
				if (!this.fixed.containsKey(name)) {
					this.api.put(name, module);
				}
			});
		}
	}

	/** The module of this name, if there is one. */
	public synchronized Optional<ProbeModule> find(String name) {
		ModuleView fixedModule = this.fixed.get(name);
		return (fixedModule != null) ? Optional.of(fixedModule.module()) : Optional.ofNullable(this.api.get(name));
	}

	/** The module of this name. @throws ProbeException 404 if there is none */
	public ModuleView get(String name) {
		ModuleView fixedModule = this.fixed.get(name);
		if (fixedModule != null) {
			return fixedModule;
		}
		return find(name).map(module -> new ModuleView(name, ModuleView.Source.API, module))
			.orElseThrow(() -> notFound(name));
	}

	public synchronized List<ModuleView> list() {
		List<ModuleView> all = new ArrayList<>(this.fixed.values());
		this.api.forEach((name, module) -> all.add(new ModuleView(name, ModuleView.Source.API, module)));
		all.sort((a, b) -> a.name().compareTo(b.name()));
		return all;
	}

	/**
	 * Create or replace an API module; stored before it answers.
	 * @return whether it was created (rather than replaced)
	 */
	public synchronized boolean put(String name, ProbeModule module) {
		List<FieldProblem> problems = ModuleValidator.validate(name, module);
		if (!problems.isEmpty()) {
			throw ProbeException.invalid("The probe module", problems);
		}
		checkChangeable(name);
		boolean created = this.api.put(name, module) == null;
		save();
		return created;
	}

	public synchronized void delete(String name) {
		checkChangeable(name);
		if (this.api.remove(name) == null) {
			throw notFound(name);
		}
		save();
	}

	/** What is wrong with this module under this name, field by field, without changing anything. */
	public List<FieldProblem> problems(String name, ProbeModule module) {
		return ModuleValidator.validate(name, module);
	}

	private void checkChangeable(String name) {
		ModuleView fixedModule = this.fixed.get(name);
		if (fixedModule != null) {
			throw ProbeException.conflict("Module not changeable", "Probe module '" + name + "' is "
					+ ((fixedModule.source() == ModuleView.Source.BUILTIN) ? "built in"
							: "set in configuration (netlab.probe.modules." + name + ")")
					+ "; only modules made over the API can be changed. Use another name.");
		}
	}

	private void save() {
		this.file.write(new Stored(1, Collections.unmodifiableMap(this.api)));
	}

	private static ProbeException notFound(String name) {
		return ProbeException.notFound("Module not found",
				"No probe module '" + name + "'; GET /api/probe-modules lists them.");
	}

	/** The file's content: a version, so that a later netlab can read what this one wrote. */
	record Stored(int version, Map<String, ProbeModule> modules) {
	}

}
