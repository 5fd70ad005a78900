package io.netlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}) run by a test: it scrapes
 * netlab (or what its configuration says) every second and answers PromQL over its HTTP API. Everything it writes stays in the
 * directory it is given; {@link #close()} ends the process.
 */
public final class PrometheusServer implements AutoCloseable {

	public static final Path BINARY = Path.of("/usr/bin/prometheus");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ServerProcess process;

	private PrometheusServer(ServerProcess process) {
		this.process = process;
	}

	/**
	 * Start Prometheus scraping {@code 127.0.0.1:targetPort/actuator/prometheus} every second,
	 * and return once it is ready. Fails the test, never skips it, when the binary is missing.
	 */
	public static PrometheusServer start(Path dir, int targetPort) {
		return start(dir, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				scrape_configs:
				  - job_name: netlab
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(targetPort));
	}

	/** Start Prometheus with this configuration (YAML) and return once it is ready. */
	public static PrometheusServer start(Path dir, String configuration) {
		try {
			Path config = Files.writeString(dir.resolve("prometheus.yml"), configuration);
			return new PrometheusServer(ServerProcess.start(BINARY, "prometheus", dir,
					port -> List.of("--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
							"--web.listen-address=127.0.0.1:" + port, "--log.level=warn"),
					"/-/ready"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Evaluate an instant PromQL query now and return its result (possibly empty); fails the
	 * test with Prometheus's message when the query is rejected.
	 */
	public List<JsonNode> query(String promql) {
		JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		if (!"success".equals(answer.path("status").asText())) {
			throw new AssertionError("Prometheus rejected " + promql + ": " + answer.path("errorType").asText() + ": "
					+ answer.path("error").asText());
		}
		return answer.path("data").path("result").valueStream().toList();
	}

	/** The values of a label over the series that match a selector, as Grafana's label_values() asks. */
	public List<String> labelValues(String label, String selector) {
		JsonNode answer = get("/api/v1/label/" + label + "/values?match[]="
				+ URLEncoder.encode(selector, StandardCharsets.UTF_8));
		if (!"success".equals(answer.path("status").asText())) {
			throw new AssertionError("Prometheus rejected " + selector + ": " + answer.path("error").asText());
		}
		return answer.path("data").valueStream().map(JsonNode::asText).toList();
	}

	/** What Prometheus logged so far, for failure messages. */
	public String log() {
		return this.process.log();
	}

	@Override
	public void close() {
		this.process.close();
	}

	private JsonNode get(String path) {
		return JSON.readTree(this.process.get(path));
	}

}
