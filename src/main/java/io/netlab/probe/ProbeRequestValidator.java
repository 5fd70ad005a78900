package io.netlab.probe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.google.re2j.PatternSyntaxException;
import io.netlab.listener.FieldProblem;
import io.netlab.wire.Framing;
import io.netlab.wire.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@link ProbeRequest}, once the listener's defaults are applied, and lists every
 * problem with it, field by field.
 */
final class ProbeRequestValidator {

	/** The largest UDP payload over IPv4: 65535 - 8 (UDP header) - 20 (IP header). */
	static final int UDP_MAX_PAYLOAD = 65507;

	private ProbeRequestValidator() {
	}

	static List<FieldProblem> validate(ProbeRequest request, ProbeProperties limits) {
		List<FieldProblem> problems = new ArrayList<>();
		checkTarget(request, problems);
		boolean udp = request.protocol() == Protocol.UDP;
		boolean load = request.isLoadRun();
		byte[] payload = checkPayload(request, limits, problems);
		if (request.protocol() == null) {
			problems.add(new FieldProblem("protocol", "is required (tcp or udp) unless a listener is given"));
		}
		if (udp) {
			forTcpOnly(problems, "framing", request.framing() != null, "a UDP datagram is one message");
			forTcpOnly(problems, "lengthHeaderBytes", request.lengthHeaderBytes() != null, "a UDP datagram is one message");
			forTcpOnly(problems, "halfClose", request.halfClose() != null, "UDP has no connection to half-close");
			forTcpOnly(problems, "tls", request.tlsEnabled(), "DTLS is not supported");
			if (payload != null && payload.length == 0) {
				problems.add(new FieldProblem("payload", "is required for udp: an empty datagram is dropped by most servers"));
			}
		}
		else {
			checkFraming(request, payload, problems);
		}
		if (request.timeoutMs() != null && (request.timeoutMs() < 1 || request.timeoutMs() > limits.maxTimeout().toMillis())) {
			problems.add(new FieldProblem("timeoutMs",
					"must be between 1 and " + limits.maxTimeout().toMillis() + ", was " + request.timeoutMs()));
		}
		if (request.expect() != null) {
			try {
				Expect.parse(request.expect());
			}
			catch (PatternSyntaxException ex) {
				problems.add(new FieldProblem("expect", "is not a regular expression netlab accepts ("
						+ ex.getDescription() + "); patterns are RE2 syntax, without back-references or look-around"));
			}
		}
		if (request.tls() != null && request.tls().serverName() != null && request.tls().serverName().isBlank()) {
			problems.add(new FieldProblem("tls.serverName", "must not be blank"));
		}
		if (load) {
			checkLoad(request, limits, payload, problems);
		}
		else {
			loadOnly(problems, "concurrency", request.concurrency() != null);
			loadOnly(problems, "async", request.async() != null);
		}
		UdpRunValidator.validate(request, limits, payload, problems);
		return problems;
	}

	private static void checkTarget(ProbeRequest request, List<FieldProblem> problems) {
		if (request.listener() != null && request.host() != null) {
			problems.add(new FieldProblem("listener", "give either listener or host and port, not both"));
		}
		else if (request.listener() == null && request.host() == null) {
			problems.add(new FieldProblem("host", "is required (with port), unless a listener is given"));
		}
		if (request.host() != null) {
			if (request.host().isBlank() || request.host().length() > 253) {
				problems.add(new FieldProblem("host", "must be a host name or address of 1 to 253 characters"));
			}
			if (request.port() == null) {
				problems.add(new FieldProblem("port", "is required with host"));
			}
		}
		else if (request.listener() != null && request.port() != null) {
			problems.add(new FieldProblem("port", "comes from the listener; leave it out"));
		}
		if (request.port() != null && (request.port() < 1 || request.port() > 65535)) {
			problems.add(new FieldProblem("port", "must be between 1 and 65535, was " + request.port()));
		}
	}

	/** The payload's bytes, empty if none was given, or null if it cannot be read. */
	static byte @Nullable [] checkPayload(ProbeRequest request, ProbeProperties limits, List<FieldProblem> problems) {
		if (request.payload() != null && request.payloadBase64() != null) {
			problems.add(new FieldProblem("payloadBase64", "give either payload or payloadBase64, not both"));
			return null;
		}
		byte[] bytes;
		if (request.payloadBase64() != null) {
			try {
				bytes = Base64.getDecoder().decode(request.payloadBase64());
			}
			catch (IllegalArgumentException ex) {
				problems.add(new FieldProblem("payloadBase64", "is not valid base64: " + ex.getMessage()));
				return null;
			}
		}
		else {
			bytes = (request.payload() != null) ? request.payload().getBytes(StandardCharsets.UTF_8) : new byte[0];
		}
		int max = (request.protocol() == Protocol.UDP) ? Math.min(UDP_MAX_PAYLOAD, limits.maxPayloadBytes())
				: limits.maxPayloadBytes();
		if (bytes.length > max) {
			problems.add(new FieldProblem("payload", "must be at most " + max + " bytes, was " + bytes.length));
		}
		return bytes;
	}

	private static void checkFraming(ProbeRequest request, byte @Nullable [] payload, List<FieldProblem> problems) {
		Framing framing = (request.framing() != null) ? request.framing() : Framing.RAW;
		Integer header = request.lengthHeaderBytes();
		if (header != null && framing != Framing.LENGTH_PREFIX) {
			problems.add(new FieldProblem("lengthHeaderBytes", "applies to framing length-prefix only"));
		}
		else if (header != null && header != 1 && header != 2 && header != 4) {
			problems.add(new FieldProblem("lengthHeaderBytes", "must be 1, 2 or 4, was " + header));
		}
		if (payload == null) {
			return;
		}
		int h = (header != null) ? header : 4;
		String problem = switch (framing) {
			case RAW -> null;
			case LINE -> contains(payload, (byte) '\n') ? "must not contain LF with framing line: it ends the message" : null;
			case CRLF -> containsCrlf(payload) ? "must not contain CRLF with framing crlf: it ends the message" : null;
			case STX_ETX -> contains(payload, (byte) 0x03) ? "must not contain ETX (0x03) with framing stx-etx" : null;
			case LENGTH_PREFIX -> (h < 4 && payload.length >= (1 << (8 * h)))
					? "is too long for a " + h + "-byte length header" : null;
		};
		if (problem != null) {
			problems.add(new FieldProblem("payload", problem));
		}
		if (framing == Framing.RAW && payload.length == 0 && request.expect() != null
				&& !Boolean.TRUE.equals(request.halfClose())) {
			problems.add(new FieldProblem("expect", "needs a payload (or halfClose) to get a reply to compare"));
		}
	}

	private static void checkLoad(ProbeRequest request, ProbeProperties limits, byte @Nullable [] payload,
			List<FieldProblem> problems) {
		if (request.count() != null && (request.count() < 1 || request.count() > limits.maxCount())) {
			problems.add(new FieldProblem("count", "must be between 1 and " + limits.maxCount() + ", was " + request.count()));
		}
		long maxDuration = limits.maxDuration().toMillis();
		if (request.durationMs() != null && (request.durationMs() < 1 || request.durationMs() > maxDuration)) {
			problems.add(new FieldProblem("durationMs",
					"must be between 1 and " + maxDuration + " (netlab.probes.max-duration), was " + request.durationMs()));
		}
		if (request.concurrency() != null && (request.concurrency() < 1 || request.concurrency() > limits.maxConcurrency())) {
			problems.add(new FieldProblem("concurrency", "must be between 1 and " + limits.maxConcurrency()
					+ " (netlab.probes.max-concurrency), was " + request.concurrency()));
		}
		if (payload != null && payload.length == 0) {
			problems.add(new FieldProblem("payload", "is required for a load run"));
		}
		if (request.halfClose() != null) {
			problems.add(new FieldProblem("halfClose", "applies to one-shot probes only"));
		}
		if (request.tlsEnabled()) {
			problems.add(new FieldProblem("tls", "applies to one-shot probes only: load runs are plain TCP or UDP"));
		}
	}

	private static void forTcpOnly(List<FieldProblem> problems, String field, boolean present, String why) {
		if (present) {
			problems.add(new FieldProblem(field, "applies to tcp only: " + why));
		}
	}

	private static void loadOnly(List<FieldProblem> problems, String field, boolean present) {
		if (present) {
			problems.add(new FieldProblem(field, "applies to load runs only (give count and/or durationMs)"));
		}
	}

	private static boolean contains(byte[] bytes, byte wanted) {
		for (byte b : bytes) {
			if (b == wanted) {
				return true;
			}
		}
		return false;
	}

	private static boolean containsCrlf(byte[] bytes) {
		for (int i = 1; i < bytes.length; i++) {
			if (bytes[i - 1] == '\r' && bytes[i] == '\n') {
				return true;
			}
		}
		return false;
	}

}
