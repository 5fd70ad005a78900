package io.netlab.listener;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A failure of a listener operation that is the caller's to fix; carries its HTTP status and a
 * short title, the message being the detail a person can act on.
 */
public class ListenerException extends RuntimeException {

	private final HttpStatus status;

	private final String title;

	private final List<FieldProblem> problems;

	ListenerException(HttpStatus status, String title, String detail) {
		this(status, title, detail, List.of(), null);
	}

	ListenerException(HttpStatus status, String title, String detail, List<FieldProblem> problems, Throwable cause) {
		super(detail, cause);
		this.status = status;
		this.title = title;
		this.problems = List.copyOf(problems);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/** Field-by-field problems of an invalid spec; empty otherwise. */
	public List<FieldProblem> problems() {
		return this.problems;
	}

	static ListenerException notFound(String name) {
		return new ListenerException(HttpStatus.NOT_FOUND, "Listener not found",
				"No listener named '" + name + "'; GET /api/listeners lists the existing ones.");
	}

	static ListenerException duplicate(String name) {
		return new ListenerException(HttpStatus.CONFLICT, "Listener already exists",
				"A listener named '" + name + "' already exists; pick another name or DELETE it first.");
	}

	static ListenerException configOwned(String name, String action) {
		return new ListenerException(HttpStatus.CONFLICT, "Listener is declared in configuration",
				"Listener '" + name + "' comes from application.yml and cannot be " + action
						+ " over the API; change netlab.listeners in the configuration instead (start and stop are allowed).");
	}

	static ListenerException invalid(List<FieldProblem> problems) {
		StringBuilder detail = new StringBuilder("The listener spec is invalid: ");
		for (int i = 0; i < problems.size(); i++) {
			FieldProblem problem = problems.get(i);
			detail.append(i == 0 ? "" : "; ").append(problem.field()).append(' ').append(problem.message());
		}
		return new ListenerException(HttpStatus.BAD_REQUEST, "Invalid listener spec", detail.toString(), problems,
				null);
	}

	static ListenerException portInUse(String protocol, String address, int port, Throwable cause) {
		return new ListenerException(HttpStatus.CONFLICT, "Port already in use",
				protocol.toUpperCase() + " port " + port + " on " + address
						+ " is already in use; choose another port, or port 0 for an ephemeral one.",
				List.of(), cause);
	}

	static ListenerException bindFailed(String protocol, String address, int port, Throwable cause) {
		return new ListenerException(HttpStatus.CONFLICT, "Cannot bind",
				"Cannot bind " + protocol.toUpperCase() + " " + address + ":" + port + ": " + cause.getMessage(),
				List.of(), cause);
	}

	static ListenerException tlsUnavailable(String name, Throwable cause) {
		return new ListenerException(HttpStatus.BAD_REQUEST, "TLS not available",
				"Listener '" + name + "' cannot serve TLS: " + cause.getMessage()
						+ " (check tls.bundle and tls.trustBundle against spring.ssl.bundle.*)",
				List.of(), cause);
	}

	static ListenerException storeUnavailable(ListenerStoreException cause) {
		return new ListenerException(HttpStatus.SERVICE_UNAVAILABLE, "Listener store unavailable",
				cause.getMessage() + "; nothing was changed. Check that netlab.data-dir can be written.", List.of(),
				cause);
	}

	static ListenerException unusable(String name, String reason) {
		return new ListenerException(HttpStatus.CONFLICT, "Stored listener cannot be used",
				"Listener '" + name + "': " + reason + "; replace it with PUT /api/listeners/" + name + " or DELETE it.");
	}

	static ListenerException connectionNotFound(String listener, String id) {
		return new ListenerException(HttpStatus.NOT_FOUND, "Connection not found", "Listener '" + listener
				+ "' has no open connection '" + id + "'; GET /api/listeners/" + listener + "/connections lists them.");
	}

	static ListenerException impairmentNotFound(String listener, String impairment) {
		return new ListenerException(HttpStatus.NOT_FOUND, "Impairment not found", "Listener '" + listener
				+ "' has no impairment '" + impairment + "'; GET /api/listeners/" + listener + "/impairments lists them.");
	}

	static ListenerException impairmentExists(String listener, String impairment) {
		return new ListenerException(HttpStatus.CONFLICT, "Impairment already exists", "Listener '" + listener
				+ "' already has an impairment named '" + impairment + "'; PUT it to change it, or pick another name.");
	}

	static ListenerException upstreamDenied(String listener, String why) {
		return new ListenerException(HttpStatus.FORBIDDEN, "Upstream denied",
				"Listener '" + listener + "' may not forward there: " + why);
	}

}
