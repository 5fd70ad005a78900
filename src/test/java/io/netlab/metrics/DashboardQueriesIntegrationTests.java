package io.netlab.metrics;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netlab.support.IntegrationTest;
import io.netlab.support.PrometheusServer;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every query of the Grafana dashboard ({@code ops/grafana/dashboards/netlab.json}) asked of a
 * real Prometheus that scrapes netlab while traffic goes through real sockets: each must parse
 * and return series (a udp_loss monitor runs for the monitors row). Probe queries are checked
 * when netlab exposes probe meters (they appear with the first probe); until then they need
 * only parse.
 */
class DashboardQueriesIntegrationTests extends IntegrationTest {

	static final Path DASHBOARD = Path.of("ops/grafana/dashboards/netlab.json");

	// Grafana's variables: $__rate_interval is at least four scrape intervals (here 1 s); the
	// dashboard's own variables are all multi-value with an "All" of .*
	private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)}|(\\w+))");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

	private PrometheusServer prometheus;

	@AfterEach
	void stopPrometheus() {
		this.api.delete("/api/monitors/d-udp-path");
		if (this.prometheus != null) {
			this.prometheus.close();
		}
	}

	@Test
	void everyDashboardQueryReturnsSeriesFromARealPrometheus(@TempDir Path dir) throws Exception {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		Set<String> variables = new LinkedHashSet<>();
		dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
		List<String> exprs = new ArrayList<>();
		collectExprs(dashboard.path("panels"), exprs);
		assertThat(exprs).as("queries in " + DASHBOARD).hasSizeGreaterThanOrEqualTo(10);
		assertThat(exprs).allSatisfy(expr -> assertThat(usedVariables(expr)).as(expr).isSubsetOf(variables));

		this.prometheus = PrometheusServer.start(dir, this.httpPort);
		sendTcpAndUdpTraffic();
		// what Prometheus stored is what went over the sockets
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(value("up{job=\"netlab\"}")).as(this.prometheus.log()).isEqualTo(1.0);
			assertThat(value("netlab_received_bytes_total{listener=\"d-tcp\"}")).isEqualTo(90.0);
			assertThat(value("netlab_messages_sent_total{listener=\"d-udp\", protocol=\"udp\"}")).isEqualTo(1.0);
		});
		assertThat(rejected(exprs)).as("dashboard queries that do not parse").isEmpty();
		boolean probesExposed = this.api.get("/actuator/prometheus").body().contains("netlab_probe");
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(withoutSeries(exprs, probesExposed))
				.as("dashboard queries that returned no series")
				.isEmpty());
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			Matcher labelValues = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
			assertThat(labelValues.matches()).as(variable.toString()).isTrue();
			assertThat(this.prometheus.labelValues(labelValues.group(2), substitute(labelValues.group(1))))
				.as(variable.path("name").asText())
				.isNotEmpty();
		}
	}

	private void sendTcpAndUdpTraffic() throws Exception {
		int tcpPort = this.api.createListener("{\"name\": \"d-tcp\", \"framing\": \"line\"}");
		int udpPort = this.api.createListener("{\"name\": \"d-udp\", \"protocol\": \"udp\"}");
		try (Socket socket = Sockets.connect(tcpPort)) {
			for (int i = 0; i < 10; i++) {
				Sockets.write(socket, "message-" + i + "\n");
				Sockets.readExactly(socket, 10);
			}
		}
		// the monitors row: a udp_loss monitor (of a listener of its own) has every netlab_monitor_* series
		int watchedPort = this.api.createListener("{\"name\": \"d-udp-watched\", \"protocol\": \"udp\"}");
		assertThat(this.api.post("/api/monitors", """
				{"name": "d-udp-path", "module": "udp_loss", "target": "127.0.0.1:%d", "intervalMs": 1000}"""
			.formatted(watchedPort)).status()).isEqualTo(201);
		// the monitor's load runs expose the probe meters, so the probe row is checked: one one-shot probe for its latency
		assertThat(this.api.post("/api/probes", "{\"listener\": \"d-udp-watched\", \"payload\": \"ping\"}").json()
			.path("success")
			.asBoolean()).isTrue();
		try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			client.setSoTimeout(5000);
			client.send(new DatagramPacket(new byte[5], 5, InetAddress.getLoopbackAddress(), udpPort));
			client.receive(new DatagramPacket(new byte[64], 64));
		}
	}

	/** Prometheus's error for each query it rejects. */
	private List<String> rejected(List<String> exprs) {
		List<String> rejected = new ArrayList<>();
		for (String expr : exprs) {
			try {
				this.prometheus.query(substitute(expr));
			}
			catch (AssertionError ex) {
				rejected.add(ex.getMessage());
			}
		}
		return rejected;
	}

	/** The queries that return no series; probe queries only once netlab exposes probe meters. */
	private List<String> withoutSeries(List<String> exprs, boolean probesExposed) {
		List<String> empty = new ArrayList<>();
		for (String expr : exprs) {
			boolean checked = !isProbeQuery(expr) || probesExposed;
			if (checked && this.prometheus.query(substitute(expr)).isEmpty()) {
				empty.add(substitute(expr));
			}
		}
		return empty;
	}

	private double value(String query) {
		List<JsonNode> result = this.prometheus.query(query);
		assertThat(result).as(query).hasSize(1);
		return result.get(0).path("value").path(1).asDouble();
	}

	static boolean isProbeQuery(String expr) {
		return expr.contains("netlab_probe");
	}

	/** Every {@code expr} in the panels, rows' nested panels included. */
	static void collectExprs(JsonNode panels, List<String> exprs) {
		for (JsonNode panel : panels) {
			panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
			collectExprs(panel.path("panels"), exprs);
		}
	}

	static Set<String> usedVariables(String expr) {
		Set<String> used = new LinkedHashSet<>();
		Matcher matcher = VARIABLE.matcher(expr.replace("$__rate_interval", ""));
		while (matcher.find()) {
			used.add((matcher.group(1) != null) ? matcher.group(1) : matcher.group(2));
		}
		return used;
	}

	static String substitute(String expr) {
		return VARIABLE.matcher(expr.replace("$__rate_interval", "15s")).replaceAll(".*");
	}

}
