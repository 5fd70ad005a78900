package io.netlab.blackbox;

import java.util.List;

import io.netlab.listener.FieldProblem;
import io.netlab.probe.ProbeException;

/**
 * A probe target as blackbox_exporter takes it: {@code host:port}, with an IPv6 literal in
 * brackets ({@code [::1]:7007}).
 *
 * @param host the host name or address literal (no brackets)
 * @param port the port
 */
record Target(String host, int port) {

	/** @throws ProbeException 400 naming {@code target} if it is not {@code host:port} */
	static Target parse(String target) {
		int colon = target.lastIndexOf(':');
		if (colon <= 0 || colon == target.length() - 1) {
			throw invalid(target);
		}
		String host = target.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host.contains(":")) {
			throw invalid(target);
		}
		try {
			int port = Integer.parseInt(target.substring(colon + 1));
			if (port < 1 || port > 65535 || host.isBlank()) {
				throw invalid(target);
			}
			return new Target(host, port);
		}
		catch (NumberFormatException ex) {
			throw invalid(target);
		}
	}

	/** The name a dns module resolves: the target without a port, if it has one. */
	static String hostOf(String target) {
		try {
			return parse(target).host();
		}
		catch (ProbeException ex) {
			return target;
		}
	}

	private static ProbeException invalid(String target) {
		return ProbeException.invalid("The target", List.of(new FieldProblem("target",
				"must be host:port (an IPv6 address in brackets, [::1]:7007), was '" + target + "'")));
	}

}
