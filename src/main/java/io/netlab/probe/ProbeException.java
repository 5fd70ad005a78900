package io.netlab.probe;

import java.util.List;

import io.netlab.listener.FieldProblem;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A probe request netlab will not carry out: invalid, aimed at a denied target, or over a
 * limit. Carries its HTTP status and title; the message is the detail a person can act on. A
 * probe that ran and failed (refused, timeout, ...) is not an exception but a result.
 */
public class ProbeException extends RuntimeException {

	private final HttpStatus status;

	private final String title;

	private final @Nullable String rule;

	private final List<FieldProblem> problems;

	private ProbeException(HttpStatus status, String title, String detail, @Nullable String rule,
			List<FieldProblem> problems) {
		super(detail);
		this.status = status;
		this.title = title;
		this.rule = rule;
		this.problems = List.copyOf(problems);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/** For a denied target, the rule that denied it (a CIDR range, or {@code netlab-http-port}). */
	public @Nullable String rule() {
		return this.rule;
	}

	/** Field-by-field problems of an invalid request; empty otherwise. */
	public List<FieldProblem> problems() {
		return this.problems;
	}

	static ProbeException invalid(List<FieldProblem> problems) {
		ProbeException invalid = invalid("The probe request", problems);
		return new ProbeException(HttpStatus.BAD_REQUEST, "Invalid probe request", invalid.getMessage(), null, problems);
	}

	/**
	 * A request about probes (a probe module, a monitor) that is invalid: each field problem
	 * listed, the detail starting with {@code what}, such as "The probe module".
	 */
	public static ProbeException invalid(String what, List<FieldProblem> problems) {
		StringBuilder detail = new StringBuilder(what).append(" is invalid: ");
		for (int i = 0; i < problems.size(); i++) {
			FieldProblem problem = problems.get(i);
			detail.append(i == 0 ? "" : "; ").append(problem.field()).append(' ').append(problem.message());
		}
		return new ProbeException(HttpStatus.BAD_REQUEST, "Invalid request", detail.toString(), null, problems);
	}

	/** Something named in the path does not exist (404). */
	public static ProbeException notFound(String title, String detail) {
		return new ProbeException(HttpStatus.NOT_FOUND, title, detail, null, List.of());
	}

	/** The request conflicts with what exists, such as changing a built-in module (409). */
	public static ProbeException conflict(String title, String detail) {
		return new ProbeException(HttpStatus.CONFLICT, title, detail, null, List.of());
	}

	static ProbeException denied(String detail, String rule) {
		return new ProbeException(HttpStatus.FORBIDDEN, "Target denied", detail, rule, List.of());
	}

	static ProbeException unknownHost(String host, String reason) {
		return new ProbeException(HttpStatus.NOT_FOUND, "Unknown host",
				"'" + host + "' does not resolve to any address (" + reason + ").", null, List.of());
	}

	static ProbeException listenerNotRunning(String name, String state) {
		return new ProbeException(HttpStatus.CONFLICT, "Listener not running", "Listener '" + name + "' is " + state
				+ "; POST /api/listeners/" + name + "/start first.", null, List.of());
	}

	static ProbeException tooManyRuns(int max) {
		return new ProbeException(HttpStatus.TOO_MANY_REQUESTS, "Too many load runs",
				max + " load run(s) are already running (netlab.probes.max-concurrent-runs); wait for one to finish"
						+ " or DELETE /api/probes/runs/{id} to cancel it.",
				null, List.of());
	}

	static ProbeException runNotFound(String id) {
		return new ProbeException(HttpStatus.NOT_FOUND, "Run not found", "No load run '" + id
				+ "'; GET /api/probes/runs lists the running ones and the most recent finished ones.", null, List.of());
	}

}
