package io.netlab.blackbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import io.netlab.events.LoadRunProgressed;
import io.netlab.probe.LoadResult;
import io.netlab.probe.ProbeError;
import io.netlab.probe.ProbeResult;
import org.jspecify.annotations.Nullable;

/**
 * The samples of a probe's result under blackbox_exporter's names, HELP texts and meanings
 * (prober/tcp.go, prober/utils.go), and netlab's own {@code probe_udp_*} for a udp_loss run.
 */
final class BlackboxSamples {

	static final String DNS_LOOKUP_HELP = "Returns the time taken for probe dns lookup in seconds";

	private BlackboxSamples() {
	}

	/** A tcp, tls or udp probe: what blackbox's tcp prober exposes. */
	static void oneShot(ProbeResult result, boolean regex, List<Sample> samples) {
		samples.add(Sample.of("probe_dns_lookup_time_seconds", DNS_LOOKUP_HELP, result.timings().resolve() / 1000));
		String ip = ip(result.remoteAddress());
		samples.add(Sample.of("probe_ip_protocol", "Specifies whether probe ip protocol is IP4 or IP6",
				(ip == null) ? 0 : ip.contains(":") ? 6 : 4));
		samples.add(Sample.of("probe_ip_addr_hash",
				"Specifies the hash of IP address. It's useful to detect if the IP address changes.",
				(ip == null) ? 0 : fnv32a(ip)));
		samples.add(Sample.of("probe_failed_due_to_regex", "Indicates if probe failed due to regex",
				(regex && result.error() == ProbeError.MISMATCH) ? 1 : 0));
		ProbeResult.TlsSession tls = result.tls();
		if (tls != null) {
			if (tls.peerNotAfter() != null) {
				samples.add(Sample.of("probe_ssl_earliest_cert_expiry", "Returns last SSL chain expiry in unixtime",
						tls.peerNotAfter().getEpochSecond()));
			}
			samples.add(Sample.labelled("probe_tls_version_info", "Returns the TLS version used or NaN when unknown",
					"version", tlsVersion(tls.protocol()), 1));
		}
	}

	/**
	 * A udp_loss run: its counts, loss, jitter and round-trip percentiles.
	 * @return why it failed (no answer, or more loss than the module allows), or null
	 */
	static @Nullable String udpRun(LoadResult run, ProbeModule module, List<Sample> samples) {
		LoadRunProgressed.Datagrams d = run.datagrams().counts();
		gauge(samples, "probe_udp_sent", "Datagrams sent by the probe", d.sent());
		gauge(samples, "probe_udp_received", "Distinct datagrams answered, in time or late", d.received());
		gauge(samples, "probe_udp_lost", "Datagrams sent and never answered", d.lost());
		gauge(samples, "probe_udp_duplicated", "Answers to a datagram already answered", d.duplicated());
		gauge(samples, "probe_udp_reordered", "Answers that came after the answer to a later datagram", d.reordered());
		gauge(samples, "probe_udp_late", "Answers that came after the timeout", d.late());
		gauge(samples, "probe_udp_loss_ratio", "Lost datagrams over sent datagrams (0 to 1)", d.lossRatio());
		gauge(samples, "probe_udp_max_loss_burst", "The most consecutive datagrams that got no answer",
				run.datagrams().maxLossBurst());
		gauge(samples, "probe_udp_jitter_seconds", "RFC 3550 inter-arrival jitter of the answers", d.jitterMs() / 1000);
		roundTrips(run, samples);
		if (d.received() == 0) {
			return "none of " + d.sent() + " datagrams was answered";
		}
		if (module.maxLossRatio() != null && d.lossRatio() > module.maxLossRatio()) {
			return d.lost() + " of " + d.sent() + " datagrams lost (" + d.lossRatio() + "), more than the module's maxLossRatio "
					+ module.maxLossRatio();
		}
		return null;
	}

	/** The round trips of the answers in time as a summary: quantiles 0.5, 0.9, 0.99, sum and count. */
	private static void roundTrips(LoadResult run, List<Sample> samples) {
		String family = "probe_udp_round_trip_seconds";
		String help = "Round-trip time of the datagrams answered in time";
		LoadResult.Latency latency = run.latency();
		double[][] quantiles = { { 0.5, latency.p50() }, { 0.9, latency.p90() }, { 0.99, latency.p99() } };
		for (double[] quantile : quantiles) {
			samples.add(new Sample(family, family, help, true, Map.of("quantile", Exposition.format(quantile[0])),
					quantile[1] / 1000));
		}
		samples.add(new Sample(family, family + "_sum", help, true, Map.of(), latency.mean() * run.messages() / 1000));
		samples.add(new Sample(family, family + "_count", help, true, Map.of(), run.messages()));
	}

	private static void gauge(List<Sample> samples, String name, String help, double value) {
		samples.add(Sample.of(name, help, value));
	}

	/** The address of {@code 127.0.0.1:7007} or {@code [::1]:7007}. */
	static @Nullable String ip(@Nullable String address) {
		if (address == null) {
			return null;
		}
		String host = address.substring(0, address.lastIndexOf(':'));
		return (host.startsWith("[")) ? host.substring(1, host.length() - 1) : host;
	}

	/**
	 * FNV-1a, 32 bits, of the address's bytes (4 for IPv4, 16 for IPv6): blackbox_exporter's
	 * {@code probe_ip_addr_hash}.
	 */
	static long fnv32a(String ip) {
		byte[] bytes;
		try {
			bytes = InetAddress.getByName(ip).getAddress(); // a literal: no lookup
		}
		catch (UnknownHostException ex) {
			return 0;
		}
		int hash = 0x811c9dc5;
		for (byte b : bytes) {
			hash ^= (b & 0xff);
			hash *= 0x01000193;
		}
		return Integer.toUnsignedLong(hash);
	}

	/** Go's names for TLS versions ({@code TLS 1.3}), as blackbox labels them. */
	static String tlsVersion(String javaName) {
		return switch (javaName) {
			case "TLSv1.3" -> "TLS 1.3";
			case "TLSv1.2" -> "TLS 1.2";
			case "TLSv1.1" -> "TLS 1.1";
			case "TLSv1" -> "TLS 1.0";
			default -> javaName;
		};
	}

}
