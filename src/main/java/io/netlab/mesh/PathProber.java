package io.netlab.mesh;

import java.time.Instant;

import io.netlab.blackbox.ModuleProber;
import io.netlab.blackbox.ProbeModule;
import io.netlab.blackbox.ProbeOutcome;
import io.netlab.blackbox.Prober;
import io.netlab.probe.LoadResult;
import io.netlab.probe.ProbeException;
import io.netlab.wire.Framing;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;import org.springframework.stereotype.Component;

/**
 * Probes one peer over one protocol with the blackbox module prober, so the probe code, the
 * target policy and the figures are those of {@code /probe}: a TCP or TLS echo of a stamped
 * line, and a UDP run of sequence-stamped datagrams (loss and jitter). TLS accepts any
 * certificate: each peer serves the one it generated. Runs on the caller's thread.
 */
@Component
class PathProber {

	private static final String PAYLOAD = "netlab-mesh";

	private static final String UDP_PAYLOAD = "netlab-mesh-udp-".repeat(4);

	/** Stamped datagrams per second in a UDP run. */
	private static final double UDP_RATE = 200;

	private final ModuleProber prober;

	private final MeshProperties properties;

	PathProber(ModuleProber prober, MeshProperties properties) {
		this.prober = prober;
		this.properties = properties;
	}

	/** The result, or null when it could not run now (all of netlab's load-run slots busy). */
	@Nullable PathResult probe(String peer, MeshProtocol protocol) {
		String host = peer.contains(":") ? "[" + peer + "]" : peer;
		long timeoutMs = this.properties.timeout().toMillis();
		ProbeModule module = switch (protocol) {
			case TCP -> new ProbeModule(Prober.TCP, timeoutMs, PAYLOAD + "\n", "^" + PAYLOAD, Framing.RAW, null, null, null,
					null, null);
			case TLS -> new ProbeModule(Prober.TLS, timeoutMs, PAYLOAD + "\n", "^" + PAYLOAD, Framing.RAW, true, null, null,
					null, null);
			case UDP -> new ProbeModule(Prober.UDP_LOSS, timeoutMs, UDP_PAYLOAD, null, null, null, null,
					(long) this.properties.udpCount(), UDP_RATE, null);
		};
		int port = switch (protocol) {
			case TCP -> this.properties.tcpPort();
			case UDP -> this.properties.udpPort();
			case TLS -> this.properties.tlsPort();
		};
		ProbeOutcome outcome;
		try {
			outcome = this.prober.probe("mesh", module, host + ":" + port, null);
		}
		catch (ProbeException ex) {
			if (ex.status() == HttpStatus.TOO_MANY_REQUESTS) {
				return null;
			}
			return PathResult.down(ex.getMessage());
		}
		LoadResult run = outcome.run();
		if (run != null && run.datagrams() != null) {
			var counts = run.datagrams().counts();
			return new PathResult(Instant.now(), outcome.success(), outcome.success() ? run.latency().p50() / 1000 : null,
					counts.lossRatio(), counts.jitterMs() / 1000, outcome.failure());
		}
		return new PathResult(Instant.now(), outcome.success(), outcome.success() ? outcome.durationSeconds() : null, null,
				null, outcome.failure());
	}

}
