package io.netlab.listener;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.netlab.impair.ImpairmentValidator;
import io.netlab.wire.Cidr;
import io.netlab.wire.Framing;
import io.netlab.wire.Protocol;

import org.jspecify.annotations.Nullable;

/**
 * Checks a {@link ListenerSpec} and lists every problem with it, field by field.
 */
final class ListenerSpecValidator {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private static final Pattern LITERAL_ADDRESS = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

	private ListenerSpecValidator() {
	}

	static boolean isValidName(@Nullable String name) {
		return name != null && NAME.matcher(name).matches();
	}

	static List<FieldProblem> validate(ListenerSpec spec) {
		List<FieldProblem> problems = new ArrayList<>();
		if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
			problems.add(new FieldProblem("name",
					"must match [a-z0-9][a-z0-9-]{0,62} (lower-case letters, digits and hyphens, at most 63), was "
							+ quote(spec.name())));
		}
		if (spec.port() != null && (spec.port() < 0 || spec.port() > 65535)) {
			problems.add(new FieldProblem("port", "must be between 0 and 65535 (0 = ephemeral), was " + spec.port()));
		}
		if (spec.bindAddress() != null) {
			String problem = checkBindAddress(spec.bindAddress());
			if (problem != null) {
				problems.add(new FieldProblem("bindAddress", problem));
			}
		}
		boolean udp = spec.protocol() == Protocol.UDP;
		if (udp) {
			if (spec.framing() != null) {
				problems.add(new FieldProblem("framing", "applies to tcp only: a UDP datagram is one message"));
			}
			if (spec.io() != null) {
				problems.add(new FieldProblem("io", "applies to tcp only"));
			}
		}
		if (spec.lengthHeaderBytes() != null) {
			int h = spec.lengthHeaderBytes();
			if (h != 1 && h != 2 && h != 4) {
				problems.add(new FieldProblem("lengthHeaderBytes", "must be 1, 2 or 4, was " + h));
			}
			else if (spec.framing() != Framing.LENGTH_PREFIX) {
				problems.add(new FieldProblem("lengthHeaderBytes", "applies to framing length-prefix only"));
			}
		}
		if (spec.options() != null) {
			ListenerSpec.SocketOptions o = spec.options();
			positive(problems, "options.backlog", o.backlog());
			positive(problems, "options.receiveBufferSize", o.receiveBufferSize());
			positive(problems, "options.sendBufferSize", o.sendBufferSize());
			if (o.lingerSeconds() != null && o.lingerSeconds() < 0) {
				problems.add(new FieldProblem("options.lingerSeconds",
						"must be 0 or more (0 = reset on close), was " + o.lingerSeconds()));
			}
		}
		if (spec.limits() != null) {
			ListenerSpec.Limits l = spec.limits();
			positive(problems, "limits.maxConnections", l.maxConnections());
			positive(problems, "limits.maxMessageBytes", l.maxMessageBytes());
			if (l.maxMessageBytes() != null && udp && l.maxMessageBytes() > ListenerSpec.UDP_MAX_PAYLOAD) {
				problems.add(new FieldProblem("limits.maxMessageBytes",
						"a UDP datagram carries at most " + ListenerSpec.UDP_MAX_PAYLOAD + " bytes"));
			}
			if (l.maxMessageBytes() != null && l.maxMessageBytes() > 16 * 1024 * 1024) {
				problems.add(new FieldProblem("limits.maxMessageBytes", "must be at most 16777216 (16 MiB)"));
			}
			positive(problems, "limits.maxConnectionsPerSource", l.maxConnectionsPerSource());
			positive(problems, "limits.maxDatagramsPerSecondPerSource", l.maxDatagramsPerSecondPerSource());
			positive(problems, "limits.maxDatagramsPerSecond", l.maxDatagramsPerSecond());
			positive(problems, "limits.maxBytesPerSecondPerSource", l.maxBytesPerSecondPerSource());
			if (udp && (l.maxConnections() != null || l.maxConnectionsPerSource() != null || l.idleTimeoutMs() != null
					|| l.frameTimeoutMs() != null || l.writeStallTimeoutMs() != null)) {
				problems.add(new FieldProblem("limits", "maxConnections, maxConnectionsPerSource, idleTimeoutMs, "
						+ "frameTimeoutMs and writeStallTimeoutMs apply to tcp only"));
			}
			if (!udp && (l.maxDatagramsPerSecond() != null || l.maxDatagramsPerSecondPerSource() != null
					|| l.maxBytesPerSecondPerSource() != null)) {
				problems.add(new FieldProblem("limits", "maxDatagramsPerSecond, maxDatagramsPerSecondPerSource and "
						+ "maxBytesPerSecondPerSource apply to udp only"));
			}
			if (l.udpSessionIdleMs() != null && (!udp || spec.behavior() != Behavior.FORWARD)) {
				problems.add(new FieldProblem("limits.udpSessionIdleMs", "applies to udp forward listeners only"));
			}
			if (l.udpSessionIdleMs() != null && l.udpSessionIdleMs() <= 0) {
				problems.add(new FieldProblem("limits.udpSessionIdleMs", "must be greater than 0, was " + l.udpSessionIdleMs()));
			}
			notNegative(problems, "limits.idleTimeoutMs", l.idleTimeoutMs());
			notNegative(problems, "limits.frameTimeoutMs", l.frameTimeoutMs());
			notNegative(problems, "limits.writeStallTimeoutMs", l.writeStallTimeoutMs());
		}
		if (spec.tls() != null && Boolean.TRUE.equals(spec.tls().enabled())) {
			ListenerSpec.Tls tls = spec.tls();
			if (udp) {
				problems.add(new FieldProblem("tls", "applies to tcp only (DTLS is not supported)"));
			}
			if (tls.clientAuth() != null && !List.of("none", "want", "need").contains(tls.clientAuth())) {
				problems.add(new FieldProblem("tls.clientAuth", "must be none, want or need, was '" + tls.clientAuth() + "'"));
			}
			if (("want".equals(tls.clientAuth()) || "need".equals(tls.clientAuth())) && tls.trustBundle() == null) {
				problems.add(new FieldProblem("tls.trustBundle",
						"is needed to check client certificates (clientAuth " + tls.clientAuth() + ")"));
			}
			if (tls.handshakeTimeoutMs() != null && tls.handshakeTimeoutMs() <= 0) {
				problems.add(new FieldProblem("tls.handshakeTimeoutMs", "must be greater than 0, was " + tls.handshakeTimeoutMs()));
			}
		}
		if (spec.access() != null) {
			cidrs(problems, "access.allow", spec.access().allow());
			cidrs(problems, "access.deny", spec.access().deny());
		}
		problems.addAll(UpstreamAddress.problems(spec.behavior() == Behavior.FORWARD, udp, spec.upstream(), spec.framing(),
				spec.upstreamTls() != null && Boolean.TRUE.equals(spec.upstreamTls().enabled())));
		if (spec.behavior() == Behavior.DISCARD && spec.impairments() != null && !spec.impairments().isEmpty()) {
			problems.add(new FieldProblem("impairments", "apply to echo listeners only (discard sends nothing back)"));
		}
		if (spec.behavior() != Behavior.FORWARD && spec.impairments() != null && spec.impairments()
			.stream()
			.anyMatch(impairment -> impairment != null && "slow_close".equals(impairment.type()))) {
			problems.add(new FieldProblem("impairments", "slow_close applies to forward listeners only "
					+ "(it holds back a close netlab relays; an echo closes when its client does)"));
		}
		boolean raw = spec.framing() == null || spec.framing() == Framing.RAW;
		ImpairmentValidator
			.validate("impairments", spec.impairments(), udp ? Protocol.UDP : Protocol.TCP, raw)
			.forEach(problem -> problems.add(new FieldProblem(problem.field(), problem.message())));
		return problems;
	}

	private static void cidrs(List<FieldProblem> problems, String field, @Nullable List<String> values) {
		if (values == null) {
			return;
		}
		for (int i = 0; i < values.size(); i++) {
			try {
				Cidr.parse(String.valueOf(values.get(i)));
			}
			catch (IllegalArgumentException ex) {
				problems.add(new FieldProblem(field + "[" + i + "]", ex.getMessage()));
			}
		}
	}

	private static void notNegative(List<FieldProblem> problems, String field, @Nullable Long value) {
		if (value != null && value < 0) {
			problems.add(new FieldProblem(field, "must be 0 or more (0 = no limit), was " + value));
		}
	}

	private static void positive(List<FieldProblem> problems, String field, @Nullable Integer value) {
		if (value != null && value <= 0) {
			problems.add(new FieldProblem(field, "must be greater than 0, was " + value));
		}
	}

	private static @Nullable String checkBindAddress(String address) {
		if (!LITERAL_ADDRESS.matcher(address).matches()) {
			return "must be an IP address literal such as 127.0.0.1, 0.0.0.0, :: or ::1, was " + quote(address);
		}
		try {
			InetAddress inet = InetAddress.getByName(address);
			if (inet.isAnyLocalAddress() || inet.isLoopbackAddress() || NetworkInterface.getByInetAddress(inet) != null) {
				return null;
			}
			return address + " is not an address of this machine";
		}
		catch (UnknownHostException | SocketException ex) {
			return "is not a valid IP address: " + quote(address);
		}
	}

	private static String quote(@Nullable String value) {
		return (value == null) ? "missing" : "'" + value + "'";
	}

}
