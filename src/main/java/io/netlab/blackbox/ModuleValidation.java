package io.netlab.blackbox;

import java.util.List;

import io.netlab.listener.FieldProblem;
import io.netlab.probe.ProbeException;
import org.jspecify.annotations.Nullable;

/** What is wrong with a probe module given inline elsewhere (a monitor's {@code probe}). */
public final class ModuleValidation {

	private ModuleValidation() {
	}

	/** The problems of {@code module}'s fields; its name is not checked. */
	public static List<FieldProblem> problems(ProbeModule module) {
		return ModuleValidator.validate("inline", module);
	}

	/** Why {@code target} cannot be probed with {@code module}, or null if it can. */
	public static @Nullable String targetProblem(ProbeModule module, String target) {
		if (module.prober() == Prober.DNS) {
			return null;
		}
		try {
			Target.parse(target);
			return null;
		}
		catch (ProbeException ex) {
			return ex.problems().get(0).message();
		}
	}

}
