package io.netlab.blackbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import io.netlab.wire.Protocol;
import io.netlab.probe.LoadResult;
import io.netlab.probe.ProbeError;
import io.netlab.probe.ProbeException;
import io.netlab.probe.ProbeRequest;
import io.netlab.probe.ProbeResult;
import io.netlab.probe.ProbeService;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Runs one module against one target through the probe service (so the target policy applies)
 * and turns what happened into blackbox_exporter's samples: the same names and meanings for
 * the same prober, plus netlab's {@code probe_udp_*} for udp_loss. Runs on the caller's thread.
 */
@Component
public class ModuleProber {

	/** A module without a timeout waits this long, as blackbox_exporter's default module does. */
	static final long DEFAULT_TIMEOUT_MS = 5000;

	private final ProbeService probes;

	ModuleProber(ProbeService probes) {
		this.probes = probes;
	}

	/**
	 * Probe {@code target} as {@code module} says, within {@code budgetMs} if given (what the
	 * scrape timeout leaves). A probe that ran and failed is an outcome, not an exception.
	 * @throws ProbeException 400 for a malformed target, 403 for a denied one, 429 when too many runs go on
	 */
	public ProbeOutcome probe(String name, ProbeModule module, String target, @Nullable Long budgetMs) {
		long start = System.nanoTime();
		long timeoutMs = (module.timeoutMs() != null) ? module.timeoutMs() : DEFAULT_TIMEOUT_MS;
		if (budgetMs != null) {
			timeoutMs = Math.max(1, Math.min(timeoutMs, budgetMs));
		}
		ProbeLog log = new ProbeLog(name, target);
		log.info("Beginning probe", "probe", module.prober().wireName(), "timeout_seconds", timeoutMs / 1000.0);
		List<Sample> samples = new ArrayList<>();
		LoadResult run = null;
		String failure;
		switch (module.prober()) {
			case DNS -> failure = resolve(Target.hostOf(target), samples, log);
			case UDP_LOSS -> {
				run = lossRun(module, Target.parse(target), timeoutMs, log);
				failure = (run == null) ? "the run did not happen; see the probe log (debug=true)"
						: BlackboxSamples.udpRun(run, module, samples);
			}
			default -> {
				ProbeResult result = this.probes.probe(oneShot(module, Target.parse(target), timeoutMs));
				BlackboxSamples.oneShot(result, module.expect() != null, samples);
				logResult(result, log);
				failure = result.success() ? null : String.valueOf(result.message());
			}
		}
		boolean success = failure == null;
		double seconds = (System.nanoTime() - start) / 1e9;
		log.info(success ? "Probe succeeded" : "Probe failed", "duration_seconds", seconds);
		samples.add(Sample.of("probe_success", "Displays whether or not the probe was a success", success ? 1 : 0));
		samples.add(Sample.of("probe_duration_seconds", "Returns how long the probe took to complete in seconds", seconds));
		return new ProbeOutcome(success, seconds, samples, log.lines(), failure, run);
	}

	private static ProbeRequest oneShot(ProbeModule module, Target target, long timeoutMs) {
		Protocol protocol = (module.prober() == Prober.UDP) ? Protocol.UDP : Protocol.TCP;
		ProbeRequest.Tls tls = (module.prober() == Prober.TLS)
				? new ProbeRequest.Tls(true, module.insecure(), module.serverName()) : null;
		String expect = (module.expect() != null) ? "regex:" + module.expect() : null;
		return new ProbeRequest(protocol, null, target.host(), target.port(), module.payload(), null, module.framing(),
				null, timeoutMs, expect, null, tls, null, null, null, null, null, null, null);
	}

	private @Nullable LoadResult lossRun(ProbeModule module, Target target, long timeoutMs, ProbeLog log) {
		long count = (module.count() != null) ? module.count() : 50;
		double rate = (module.ratePerSecond() != null) ? module.ratePerSecond() : 100;
		// each datagram waits at most a second, and the run stops in time for the scrape
		long datagramTimeoutMs = Math.max(1, Math.min(1000, timeoutMs / 2));
		long durationMs = Math.max(1, timeoutMs - datagramTimeoutMs);
		ProbeRequest request = new ProbeRequest(Protocol.UDP, null, target.host(), target.port(), module.payload(), null,
				null, null, datagramTimeoutMs, null, null, null, count, durationMs, null, null, true, rate, null);
		log.info("Sending stamped datagrams", "count", count, "rate_per_second", rate);
		try {
			LoadResult run = this.probes.load(request);
			log.info("Run ended", "sent", run.datagrams().counts().sent(), "received", run.datagrams().counts().received(),
					"loss_ratio", run.datagrams().counts().lossRatio(), "jitter_ms", run.datagrams().counts().jitterMs());
			return run;
		}
		catch (ProbeException ex) {
			if (ex.status() != HttpStatus.NOT_FOUND) {
				throw ex;
			}
			log.error("Error resolving target address", "err", ex.getMessage());
			return null;
		}
		catch (IllegalStateException ex) {
			log.error("Run failed", "err", ex.getMessage());
			return null;
		}
	}

	/** Resolve {@code host}; why it failed, or null. */
	private static @Nullable String resolve(String host, List<Sample> samples, ProbeLog log) {
		log.info("Resolving target address", "target", host);
		long start = System.nanoTime();
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			addresses = new InetAddress[0];
			log.error("Error resolving target address", "err", String.valueOf(ex.getMessage()));
		}
		samples.add(Sample.of("probe_dns_lookup_time_seconds", BlackboxSamples.DNS_LOOKUP_HELP,
				(System.nanoTime() - start) / 1e9));
		samples.add(Sample.of("probe_dns_answer_rrs", "Returns number of entries in the answer resource record list",
				addresses.length));
		for (InetAddress address : addresses) {
			log.info("Resolved target address", "ip", address.getHostAddress());
		}
		return (addresses.length > 0) ? null : "'" + host + "' does not resolve to any address";
	}

	private static void logResult(ProbeResult result, ProbeLog log) {
		if (result.remoteAddress() != null) {
			log.info("Resolved target address", "ip", result.remoteAddress());
		}
		if (result.tls() != null) {
			log.info("TLS handshake done", "version", result.tls().protocol(), "cipher", result.tls().cipherSuite());
		}
		if (result.reply() != null) {
			log.info("Read reply", "bytes", result.bytesReceived(), "reply", result.reply());
		}
		if (result.error() != null) {
			log.error(errorTitle(result.error()), "err", String.valueOf(result.message()));
		}
		else {
			log.info("Successfully " + (result.bytesSent() > 0 ? "exchanged a message" : "connected"),
					"seconds", result.timings().total() / 1000);
		}
	}

	private static String errorTitle(ProbeError error) {
		return switch (error) {
			case MISMATCH -> "Reply did not match the regular expression";
			case DNS -> "Error resolving target address";
			case TLS -> "TLS handshake failed";
			default -> "Probe failed (" + error.wireName() + ")";
		};
	}

}
