package io.netlab.probe;

import java.util.List;

import io.netlab.listener.FieldProblem;
import io.netlab.wire.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Checks the fields only UDP load runs take: {@code stamp}, {@code ratePerSecond} and
 * {@code sourcePorts}, and what stamping rules out.
 */
final class UdpRunValidator {

	private UdpRunValidator() {
	}

	/** {@code stamp}, {@code ratePerSecond} and {@code sourcePorts}: UDP load runs only. */
	static void validate(ProbeRequest request, ProbeProperties limits, byte @Nullable [] payload,
			List<FieldProblem> problems) {
		boolean udpRun = request.protocol() == Protocol.UDP && request.isLoadRun();
		for (String field : new String[] { "stamp", "ratePerSecond", "sourcePorts" }) {
			boolean given = switch (field) {
				case "stamp" -> request.stamp() != null;
				case "ratePerSecond" -> request.ratePerSecond() != null;
				default -> request.sourcePorts() != null;
			};
			if (given && !udpRun) {
				problems.add(new FieldProblem(field, "applies to UDP load runs only (protocol udp with count and/or durationMs)"));
			}
		}
		if (!udpRun) {
			return;
		}
		int bytes = (payload != null) ? payload.length : Stamp.BYTES;
		if (Boolean.TRUE.equals(request.stamp()) && bytes < Stamp.BYTES) {
			problems.add(new FieldProblem("payload", "must have at least " + Stamp.BYTES
					+ " bytes for stamp: the sequence header is written over its start, was " + bytes));
		}
		if (request.expect() != null && request.stamped(bytes)) {
			problems.add(new FieldProblem("expect", "cannot be checked on stamped datagrams (each differs in its header); "
					+ "give stamp false to compare replies"));
		}
		Double rate = request.ratePerSecond();
		if (rate != null) {
			if (!(rate > 0) || rate > limits.maxRatePerSecond()) {
				problems.add(new FieldProblem("ratePerSecond", "must be greater than 0 and at most "
						+ limits.maxRatePerSecond() + " (netlab.probes.max-rate-per-second), was " + rate));
			}
			if (!request.stamped(bytes)) {
				problems.add(new FieldProblem("ratePerSecond", "needs stamped datagrams to match replies: a payload of at least "
						+ Stamp.BYTES + " bytes, and stamp not false"));
			}
		}
		Integer ports = request.sourcePorts();
		if (ports != null) {
			if (request.concurrency() != null) {
				problems.add(new FieldProblem("sourcePorts", "give either sourcePorts or concurrency: for UDP both are the number of sockets"));
			}
			else if (ports < 1 || ports > limits.maxConcurrency()) {
				problems.add(new FieldProblem("sourcePorts", "must be between 1 and " + limits.maxConcurrency()
						+ " (netlab.probes.max-concurrency), was " + ports));
			}
		}
	}

}
