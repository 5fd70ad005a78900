package io.netlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}) run by a test: it scrapes one
 * target every second and answers PromQL over its HTTP API. Everything it writes stays in the
 * directory it is given; {@link #close()} ends the process.
 */
public final class PrometheusServer implements AutoCloseable {

	public static final Path BINARY = Path.of("/usr/bin/prometheus");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final Path log;

	private final String base;

	private PrometheusServer(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * Start Prometheus scraping {@code 127.0.0.1:targetPort/actuator/prometheus} every second,
	 * and return once it is ready. Fails the test, never skips it, when the binary is missing.
	 */
	public static PrometheusServer start(Path dir, int targetPort) {
		if (!Files.isExecutable(BINARY)) {
			throw new AssertionError(BINARY + " is missing: these tests run a real Prometheus. Install it with "
					+ "'apt-get install prometheus' (Debian); .ci/run does so in CI.");
		}
		try {
			Path config = Files.writeString(dir.resolve("prometheus.yml"), """
					global:
					  scrape_interval: 1s
					  scrape_timeout: 1s
					scrape_configs:
					  - job_name: netlab
					    metrics_path: /actuator/prometheus
					    static_configs:
					      - targets: ['127.0.0.1:%d']
					""".formatted(targetPort));
			int port = freePort();
			Path log = dir.resolve("prometheus.log");
			Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
					"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
					"--log.level=warn")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			PrometheusServer server = new PrometheusServer(process, log, port);
			try {
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.failFast("Prometheus exited", () -> !process.isAlive())
					.until(server::ready);
			}
			catch (RuntimeException | AssertionError ex) {
				server.close();
				throw new AssertionError("Prometheus did not become ready; its log:\n" + server.log(), ex);
			}
			return server;
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
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private boolean ready() {
		try {
			HttpResponse<Void> response = this.client.send(
					HttpRequest.newBuilder(URI.create(this.base + "/-/ready")).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private JsonNode get(String path) {
		try {
			HttpResponse<String> response = this.client.send(
					HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
