package io.netlab.listener;

import java.util.ArrayList;
import java.util.List;

import io.netlab.wire.Framing;
import org.jspecify.annotations.Nullable;

/**
 * The {@code upstream} of a forward listener, {@code host:port} or {@code [v6]:port}: parsed,
 * and checked as part of a spec.
 *
 * @param host a name or an address literal, without brackets
 * @param port 1 to 65535
 */
record UpstreamAddress(String host, int port) {

	static UpstreamAddress parse(String text) {
		int colon = text.lastIndexOf(':');
		if (colon <= 0 || colon == text.length() - 1) {
			throw new IllegalArgumentException("must be host:port, was '" + text + "'");
		}
		String host = text.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host.contains(":")) {
			throw new IllegalArgumentException("an IPv6 address needs brackets: [::1]:7007, was '" + text + "'");
		}
		int port;
		try {
			port = Integer.parseInt(text.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("must end in a port number, was '" + text + "'");
		}
		if (port < 1 || port > 65535 || host.isBlank()) {
			throw new IllegalArgumentException("needs a host and a port between 1 and 65535, was '" + text + "'");
		}
		return new UpstreamAddress(host, port);
	}

	static List<FieldProblem> problems(boolean forward, boolean udp, @Nullable String upstream,
			@Nullable Framing framing, boolean upstreamTls) {
		List<FieldProblem> problems = new ArrayList<>();
		if (!forward) {
			if (upstream != null) {
				problems.add(new FieldProblem("upstream", "applies to behavior forward only"));
			}
			if (upstreamTls) {
				problems.add(new FieldProblem("upstreamTls", "applies to behavior forward only"));
			}
			return problems;
		}
		if (udp && upstreamTls) {
			problems.add(new FieldProblem("upstreamTls", "applies to tcp only (DTLS is not supported)"));
		}
		if (framing != null && framing != Framing.RAW) {
			problems.add(new FieldProblem("framing", "a forward listener relays bytes as they come: raw only"));
		}
		if (upstream == null) {
			problems.add(new FieldProblem("upstream", "is needed by a forward listener: host:port"));
			return problems;
		}
		try {
			parse(upstream);
		}
		catch (IllegalArgumentException ex) {
			problems.add(new FieldProblem("upstream", ex.getMessage()));
		}
		return problems;
	}

}
