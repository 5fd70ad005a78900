package io.netlab.blackbox;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.netlab.support.BlackboxExporter;
import io.netlab.support.IntegrationTest;
import io.netlab.support.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * netlab's {@code /probe} next to the real blackbox_exporter (Debian's
 * prometheus-blackbox-exporter) on the same targets: the same metric names for
 * {@code tcp_connect}, and the same {@code probe_success} for an open and a closed port.
 */
class BlackboxExporterComparisonIntegrationTests extends IntegrationTest {

	private BlackboxExporter blackbox;

	@AfterEach
	void stopBlackbox() {
		if (this.blackbox != null) {
			this.blackbox.close();
		}
	}

	@Test
	void tcpConnectHasBlackboxMetricNamesAndSuccessValues(@TempDir Path dir) throws Exception {
		this.blackbox = BlackboxExporter.start(dir);
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			for (int port : new int[] { open.getLocalPort(), closed }) {
				String target = "127.0.0.1:" + port;
				List<PrometheusText.Sample> theirs = PrometheusText.parse(this.blackbox.probe("tcp_connect", target));
				List<PrometheusText.Sample> ours = PrometheusText
					.parse(this.api.get("/probe?module=tcp_connect&target=" + target).body());

				assertThat(names(ours)).as(target).isEqualTo(names(theirs));
				assertThat(PrometheusText.value(ours, "probe_success")).as(target)
					.isEqualTo(PrometheusText.value(theirs, "probe_success"));
				assertThat(PrometheusText.value(ours, "probe_ip_addr_hash"))
					.isEqualTo(PrometheusText.value(theirs, "probe_ip_addr_hash"));
				assertThat(PrometheusText.value(ours, "probe_ip_protocol"))
					.isEqualTo(PrometheusText.value(theirs, "probe_ip_protocol"));
			}
			assertThat(PrometheusText.value(PrometheusText.parse(this.blackbox.probe("tcp_connect",
					"127.0.0.1:" + open.getLocalPort())), "probe_success")).as("blackbox on the open port").isEqualTo(1.0);
		}
	}

	private static Set<String> names(List<PrometheusText.Sample> samples) {
		Set<String> names = new TreeSet<>();
		samples.forEach(sample -> names.add(sample.name()));
		return names;
	}

}
