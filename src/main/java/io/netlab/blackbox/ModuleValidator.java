package io.netlab.blackbox;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.netlab.listener.FieldProblem;

/** Checks a probe module and its name, listing every problem field by field. */
final class ModuleValidator {

	static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

	static final long MAX_COUNT = 10_000;

	static final double MAX_RATE = 10_000;

	/** The stamp of a udp_loss datagram needs 16 bytes. */
	static final int MIN_UDP_LOSS_PAYLOAD = 16;

	private ModuleValidator() {
	}

	static List<FieldProblem> validate(String name, ProbeModule module) {
		List<FieldProblem> problems = new ArrayList<>();
		if (!NAME.matcher(name).matches()) {
			problems.add(new FieldProblem("name", "must match [a-z0-9][a-z0-9_-]{0,62}, was '" + name + "'"));
		}
		Prober prober = module.prober();
		if (prober == null) {
			problems.add(new FieldProblem("prober", "is required: tcp, tls, udp, udp_loss or dns"));
			return problems;
		}
		if (module.timeoutMs() != null && (module.timeoutMs() < 1 || module.timeoutMs() > 60_000)) {
			problems.add(new FieldProblem("timeoutMs", "must be between 1 and 60000, was " + module.timeoutMs()));
		}
		boolean stream = prober == Prober.TCP || prober == Prober.TLS;
		only(problems, "framing", module.framing() != null, stream, "tcp and tls");
		only(problems, "insecure", module.insecure() != null, prober == Prober.TLS, "tls");
		only(problems, "serverName", module.serverName() != null, prober == Prober.TLS, "tls");
		boolean run = prober == Prober.UDP_LOSS;
		only(problems, "count", module.count() != null, run, "udp_loss");
		only(problems, "ratePerSecond", module.ratePerSecond() != null, run, "udp_loss");
		only(problems, "maxLossRatio", module.maxLossRatio() != null, run, "udp_loss");
		only(problems, "expect", module.expect() != null, stream || prober == Prober.UDP, "tcp, tls and udp");
		only(problems, "payload", module.payload() != null, prober != Prober.DNS, "tcp, tls, udp and udp_loss");
		if (module.expect() != null) {
			try {
				Pattern.compile(module.expect());
			}
			catch (PatternSyntaxException ex) {
				problems.add(new FieldProblem("expect", "is not a valid regular expression: " + ex.getDescription()));
			}
		}
		if (module.payload() != null && module.payload().isEmpty() && (prober == Prober.UDP || run)) {
			problems.add(new FieldProblem("payload", "must not be empty for " + prober.wireName()));
		}
		if (run && module.payload() != null && module.payload().length() < MIN_UDP_LOSS_PAYLOAD) {
			problems.add(new FieldProblem("payload", "must have at least " + MIN_UDP_LOSS_PAYLOAD
					+ " characters for udp_loss: each datagram carries a 16-byte sequence stamp"));
		}
		if (module.count() != null && (module.count() < 1 || module.count() > MAX_COUNT)) {
			problems.add(new FieldProblem("count", "must be between 1 and " + MAX_COUNT + ", was " + module.count()));
		}
		if (module.ratePerSecond() != null && !(module.ratePerSecond() > 0 && module.ratePerSecond() <= MAX_RATE)) {
			problems.add(new FieldProblem("ratePerSecond",
					"must be greater than 0 and at most " + MAX_RATE + ", was " + module.ratePerSecond()));
		}
		if (module.maxLossRatio() != null && !(module.maxLossRatio() >= 0 && module.maxLossRatio() <= 1)) {
			problems.add(new FieldProblem("maxLossRatio", "must be between 0 and 1, was " + module.maxLossRatio()));
		}
		return problems;
	}

	private static void only(List<FieldProblem> problems, String field, boolean given, boolean applies,
			String probers) {
		if (given && !applies) {
			problems.add(new FieldProblem(field, "applies to the " + probers + " probers only"));
		}
	}

}
