package io.netlab.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.netlab.blackbox.ModuleValidation;
import io.netlab.blackbox.ProbeModule;
import io.netlab.listener.FieldProblem;

/** Checks a monitor spec, with its defaults applied, field by field. */
final class MonitorValidator {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	static final long MIN_INTERVAL_MS = 500;

	static final long MAX_INTERVAL_MS = 86_400_000;

	private MonitorValidator() {
	}

	static List<FieldProblem> validate(MonitorSpec spec, Function<String, Optional<ProbeModule>> modules) {
		List<FieldProblem> problems = new ArrayList<>();
		if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
			problems.add(new FieldProblem("name", "must match [a-z0-9][a-z0-9-]{0,62}, was '" + spec.name() + "'"));
		}
		if ((spec.module() == null) == (spec.probe() == null)) {
			problems.add(new FieldProblem("module", "give either module (a module's name) or probe (a module inline)"));
		}
		else if (spec.module() != null && modules.apply(spec.module()).isEmpty()) {
			problems.add(new FieldProblem("module", "'" + spec.module() + "' is not a known module; GET /api/probe-modules lists them"));
		}
		else if (spec.probe() != null) {
			ModuleValidation.problems(spec.probe())
				.forEach(p -> problems.add(new FieldProblem("probe." + p.field(), p.message())));
		}
		if (spec.target() == null || spec.target().isBlank() || spec.target().length() > 260) {
			problems.add(new FieldProblem("target", "is required: host:port, or a name for a dns module"));
		}
		else {
			ProbeModule module = (spec.probe() != null) ? spec.probe()
					: (spec.module() != null) ? modules.apply(spec.module()).orElse(null) : null;
			String problem = (module != null && module.prober() != null)
					? ModuleValidation.targetProblem(module, spec.target()) : null;
			if (problem != null) {
				problems.add(new FieldProblem("target", problem));
			}
		}
		long interval = spec.intervalMs();
		if (interval < MIN_INTERVAL_MS || interval > MAX_INTERVAL_MS) {
			problems.add(new FieldProblem("intervalMs",
					"must be between " + MIN_INTERVAL_MS + " and " + MAX_INTERVAL_MS + ", was " + interval));
		}
		return problems;
	}

}
