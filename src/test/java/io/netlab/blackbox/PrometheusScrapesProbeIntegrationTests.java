package io.netlab.blackbox;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.netlab.support.IntegrationTest;
import io.netlab.support.PrometheusServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus with a blackbox_exporter scrape config — targets in {@code __param_target}
 * by relabelling — pointed at netlab's {@code /probe}: it stores {@code probe_success} per
 * target, as it would from blackbox_exporter.
 */
class PrometheusScrapesProbeIntegrationTests extends IntegrationTest {

	private PrometheusServer prometheus;

	@AfterEach
	void stopPrometheus() {
		if (this.prometheus != null) {
			this.prometheus.close();
		}
	}

	@Test
	void blackboxStyleScrapeConfigGivesProbeSuccessPerTarget(@TempDir Path dir) throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String up = "127.0.0.1:" + open.getLocalPort();
			String down = "127.0.0.1:" + closed;
			// the relabelling of blackbox_exporter's README; only the exporter address is netlab's
			this.prometheus = PrometheusServer.start(dir, """
					global:
					  scrape_interval: 1s
					  scrape_timeout: 1s
					scrape_configs:
					  - job_name: blackbox
					    metrics_path: /probe
					    params:
					      module: [tcp_connect]
					    static_configs:
					      - targets: ['%s', '%s']
					    relabel_configs:
					      - source_labels: [__address__]
					        target_label: __param_target
					      - source_labels: [__param_target]
					        target_label: instance
					      - target_label: __address__
					        replacement: 127.0.0.1:%d
					""".formatted(up, down, this.httpPort));

			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertThat(value("probe_success{instance=\"" + up + "\"}")).as(this.prometheus.log()).isEqualTo(1.0);
				assertThat(value("probe_success{instance=\"" + down + "\"}")).isEqualTo(0.0);
				assertThat(value("up{job=\"blackbox\", instance=\"" + up + "\"}")).isEqualTo(1.0);
			});
		}
	}

	private double value(String query) {
		List<JsonNode> result = this.prometheus.query(query);
		assertThat(result).as(query).hasSize(1);
		return result.get(0).path("value").path(1).asDouble();
	}

}
