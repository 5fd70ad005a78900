package io.netlab.lab;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.netlab.blackbox.ModuleRegistry;
import io.netlab.blackbox.ModuleView;
import io.netlab.blackbox.ProbeModule;
import io.netlab.listener.FieldProblem;
import io.netlab.listener.ListenerService;
import io.netlab.listener.ListenerSource;
import io.netlab.listener.ListenerSpec;
import io.netlab.listener.ListenerView;
import io.netlab.monitor.MonitorService;
import io.netlab.monitor.MonitorSpec;

import org.springframework.stereotype.Component;

/**
 * Checks a whole lab document before anything is applied, with each feature's own validation,
 * and names each problem's field by its path in the document ({@code listeners[1].port},
 * {@code probeModules.ping.timeoutMs}, {@code monitors[0].module}).
 */
@Component
class LabValidator {

	private final ListenerService listeners;

	private final ModuleRegistry modules;

	private final MonitorService monitors;

	LabValidator(ListenerService listeners, ModuleRegistry modules, MonitorService monitors) {
		this.listeners = listeners;
		this.modules = modules;
		this.monitors = monitors;
	}

	List<FieldProblem> problems(Lab lab) {
		List<FieldProblem> problems = new ArrayList<>();
		checkListeners(lab.listenersOrEmpty(), problems);
		checkModules(lab.probeModulesOrEmpty(), problems);
		checkMonitors(lab, problems);
		return problems;
	}

	private void checkListeners(List<ListenerSpec> specs, List<FieldProblem> problems) {
		Set<String> configured = new HashSet<>();
		for (ListenerView view : this.listeners.list()) {
			if (view.source() == ListenerSource.CONFIG) {
				configured.add(view.spec().name());
			}
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < specs.size(); i++) {
			String path = "listeners[" + i + "]";
			ListenerSpec spec = specs.get(i);
			if (spec == null) {
				problems.add(new FieldProblem(path, "must be a listener spec, was null"));
				continue;
			}
			this.listeners.problems(spec).forEach(p -> problems.add(at(path, p)));
			if (spec.name() != null && !seen.add(spec.name())) {
				problems.add(new FieldProblem(path + ".name", "'" + spec.name() + "' is given twice"));
			}
			if (configured.contains(spec.name())) {
				problems.add(new FieldProblem(path + ".name", "'" + spec.name()
						+ "' is declared in configuration (netlab.listeners); a lab holds only listeners made over the API"));
			}
		}
	}

	private void checkModules(Map<String, ProbeModule> given, List<FieldProblem> problems) {
		given.forEach((name, module) -> {
			String path = "probeModules." + name;
			if (module == null) {
				problems.add(new FieldProblem(path, "must be a probe module, was null"));
				return;
			}
			this.modules.problems(name, module).forEach(p -> problems.add(at(path, p)));
			if (fixedModule(name).isPresent()) {
				problems.add(new FieldProblem(path, "'" + name
						+ "' is a built-in or configured module; a lab holds only modules made over the API"));
			}
		});
	}

	private void checkMonitors(Lab lab, List<FieldProblem> problems) {
		Map<String, ProbeModule> given = lab.probeModulesOrEmpty();
		Function<String, Optional<ProbeModule>> known = (name) -> (given.get(name) != null) ? Optional.of(given.get(name))
				: fixedModule(name);
		List<MonitorSpec> specs = lab.monitorsOrEmpty();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < specs.size(); i++) {
			String path = "monitors[" + i + "]";
			MonitorSpec spec = specs.get(i);
			if (spec == null) {
				problems.add(new FieldProblem(path, "must be a monitor spec, was null"));
				continue;
			}
			this.monitors.problems(spec, known).forEach(p -> problems.add(at(path, p)));
			if (spec.name() != null && !seen.add(spec.name())) {
				problems.add(new FieldProblem(path + ".name", "'" + spec.name() + "' is given twice"));
			}
		}
	}

	/** A built-in or configured module: one the lab cannot change, but its monitors may use. */
	private Optional<ProbeModule> fixedModule(String name) {
		return this.modules.list()
			.stream()
			.filter(view -> view.name().equals(name) && view.source() != ModuleView.Source.API)
			.map(ModuleView::module)
			.findFirst();
	}

	private static FieldProblem at(String path, FieldProblem problem) {
		return new FieldProblem(path + "." + problem.field(), problem.message());
	}

}
