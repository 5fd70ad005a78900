package io.netlab.blackbox;

import java.util.List;
import java.util.Map;

import io.netlab.probe.ProbeException;
import io.netlab.support.PrometheusText;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The text format {@code /probe} writes (families sorted, HELP and TYPE once, a summary's
 * samples under its family, escaped labels) and the targets it takes, as blackbox_exporter
 * takes them.
 */
class ExpositionAndTargetTests {

	@Test
	void familiesAreSortedWithHelpAndTypeOnceAndSummarySamplesStayInTheirFamily() {
		String family = "probe_udp_round_trip_seconds";
		String text = Exposition.write(List.of(Sample.of("probe_success", "ok?", 1),
				new Sample(family, family + "_count", "rtt", true, Map.of(), 3),
				new Sample(family, family, "rtt", true, Map.of("quantile", "0.5"), 0.0015),
				Sample.labelled("probe_tls_version_info", "tls", "version", "TLS \"1.3\"\n", 1),
				Sample.of("probe_duration_seconds", "how long", 0.25)));

		assertThat(text).startsWith("# HELP probe_duration_seconds how long\n# TYPE probe_duration_seconds gauge\n");
		assertThat(text).containsOnlyOnce("# TYPE probe_udp_round_trip_seconds summary");
		assertThat(text).doesNotContain("# TYPE probe_udp_round_trip_seconds_count");
		assertThat(text).contains("probe_tls_version_info{version=\"TLS \\\"1.3\\\"\\n\"} 1\n");
		assertThat(PrometheusText.promtoolProblems(text)).isEmpty();
		List<PrometheusText.Sample> samples = PrometheusText.parse(text);
		assertThat(PrometheusText.value(samples, family, "quantile=0.5")).isEqualTo(0.0015);
		assertThat(PrometheusText.value(samples, family + "_count")).isEqualTo(3.0);
		assertThat(PrometheusText.value(samples, "probe_tls_version_info", "version=TLS \"1.3\"\n")).isEqualTo(1.0);
	}

	@Test
	void valuesAreWholeNumbersWhenWholeAndPrometheusFloatsOtherwise() {
		assertThat(Exposition.format(3668918509.0)).isEqualTo("3668918509");
		assertThat(Exposition.format(1.8197e-05)).isEqualTo("1.8197E-5");
		assertThat(Exposition.format(Double.NaN)).isEqualTo("NaN");
		assertThat(Exposition.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
	}

	@Test
	void targetIsHostAndPortWithIpv6InBrackets() {
		assertThat(Target.parse("127.0.0.1:7007")).isEqualTo(new Target("127.0.0.1", 7007));
		assertThat(Target.parse("[::1]:53")).isEqualTo(new Target("::1", 53));
		assertThat(Target.parse("db.internal:5432")).isEqualTo(new Target("db.internal", 5432));
		assertThat(Target.hostOf("example.org")).isEqualTo("example.org");
		for (String bad : List.of("no-port", "::1:53", "host:", "host:0", "host:70000", ":80", "host:x")) {
			assertThatExceptionOfType(ProbeException.class).as(bad)
				.isThrownBy(() -> Target.parse(bad))
				.satisfies(ex -> assertThat(ex.problems().get(0).field()).isEqualTo("target"));
		}
	}

	@Test
	void addressHashIsBlackboxsFnv1aOfTheAddressBytes() {
		// blackbox_exporter 0.23 answers probe_ip_addr_hash 3.668918509e+09 for 127.0.0.1
		assertThat(BlackboxSamples.fnv32a("127.0.0.1")).isEqualTo(3668918509L);
		assertThat(BlackboxSamples.ip("[::1]:7007")).isEqualTo("::1");
		assertThat(BlackboxSamples.tlsVersion("TLSv1.2")).isEqualTo("TLS 1.2");
	}

}
