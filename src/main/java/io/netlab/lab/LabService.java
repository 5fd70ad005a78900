package io.netlab.lab;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.netlab.blackbox.ModuleRegistry;
import io.netlab.blackbox.ModuleView;
import io.netlab.blackbox.ProbeModule;
import io.netlab.lab.LabPlan.Change;
import io.netlab.listener.FieldProblem;
import io.netlab.listener.ListenerService;
import io.netlab.listener.ListenerSource;
import io.netlab.listener.ListenerSpec;
import io.netlab.listener.ListenerView;
import io.netlab.monitor.MonitorService;
import io.netlab.monitor.MonitorView;
import io.netlab.probe.ProbeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Service;

/**
 * Exports the lab (every listener, probe module and monitor made over the API) and applies a
 * lab document: validated whole first (nothing changes on a problem), then planned, then
 * applied all-or-nothing. Applies are serialized.
 */
@Service
public class LabService {

	private static final Log logger = LogFactory.getLog(LabService.class);

	private final ListenerService listeners;

	private final ModuleRegistry modules;

	private final MonitorService monitors;

	private final LabValidator validator;

	private final LabApplier applier;

	LabService(ListenerService listeners, ModuleRegistry modules, MonitorService monitors, LabValidator validator,
			LabApplier applier) {
		this.listeners = listeners;
		this.modules = modules;
		this.monitors = monitors;
		this.validator = validator;
		this.applier = applier;
	}

	/** The lab as it is now; applying it to a fresh netlab makes the same lab. */
	public synchronized Lab export() {
		List<ListenerSpec> listenerSpecs = this.listeners.list()
			.stream()
			.filter(view -> view.source() == ListenerSource.API)
			.map(ListenerView::spec)
			.toList();
		Map<String, ProbeModule> apiModules = new TreeMap<>();
		this.modules.list()
			.stream()
			.filter(view -> view.source() == ModuleView.Source.API)
			.forEach(view -> apiModules.put(view.name(), view.module()));
		return new Lab(listenerSpecs, apiModules, this.monitors.list().stream().map(MonitorView::spec).toList());
	}

	/**
	 * Make the lab match {@code desired}, or on a dry run only say what that would change.
	 * @throws ProbeException 400 naming every invalid field, with nothing changed
	 */
	public synchronized LabPlan apply(Lab desired, boolean dryRun) {
		List<FieldProblem> problems = this.validator.problems(desired);
		if (!problems.isEmpty()) {
			throw ProbeException.invalid("The lab", problems);
		}
		Lab current = export();
		List<Change> changes = LabPlanner.changes(current, desired);
		if (!dryRun && !changes.isEmpty()) {
			this.applier.apply(current, desired, changes);
			logger.info("Lab applied: " + changes.size() + " change(s)");
		}
		return new LabPlan(dryRun, changes);
	}

}
