package io.netlab.blackbox;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;

import io.netlab.support.Api;
import io.netlab.support.IntegrationTest;
import io.netlab.support.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /probe} over real HTTP against real sockets: each built-in prober's samples read
 * back with a strict Prometheus text parser (and {@code promtool check metrics}), the debug
 * output, and the 400 and 403 answers.
 */
class ProbeEndpointIntegrationTests extends IntegrationTest {

	@AfterEach
	void deleteModules() {
		for (String name : List.of("tcp-wrong-reply", "tls-lab")) {
			this.api.delete("/api/probe-modules/" + name);
		}
	}

	@Test
	void tcpConnectSucceedsOnAnOpenPortAndFailsOnAClosedOne() throws Exception {
		try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			List<PrometheusText.Sample> up = scrape("tcp_connect", "127.0.0.1:" + open.getLocalPort());

			assertThat(PrometheusText.value(up, "probe_success")).isEqualTo(1.0);
			assertThat(PrometheusText.value(up, "probe_ip_protocol")).isEqualTo(4.0);
			// FNV-1a of "127.0.0.1", as blackbox_exporter computes it
			assertThat(PrometheusText.value(up, "probe_ip_addr_hash")).isEqualTo(3668918509.0);
			assertThat(PrometheusText.value(up, "probe_duration_seconds")).isPositive();
			assertThat(PrometheusText.value(up, "probe_failed_due_to_regex")).isZero();
		}
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		assertThat(PrometheusText.value(scrape("tcp_connect", "127.0.0.1:" + closed), "probe_success")).isZero();
	}

	@Test
	void echoModulesSucceedAgainstEchoListenersAndAWrongReplyFailsDueToRegex() {
		int tcp = this.api.createListener("{\"name\": \"bb-tcp\"}");
		int udp = this.api.createListener("{\"name\": \"bb-udp\", \"protocol\": \"udp\"}");

		assertThat(PrometheusText.value(scrape("tcp_echo", "127.0.0.1:" + tcp), "probe_success")).isEqualTo(1.0);
		assertThat(PrometheusText.value(scrape("udp_echo", "127.0.0.1:" + udp), "probe_success")).isEqualTo(1.0);
		assertThat(this.api.put("/api/probe-modules/tcp-wrong-reply", """
				{"prober": "tcp", "payload": "hello", "expect": "^goodbye"}""").status()).isEqualTo(201);
		List<PrometheusText.Sample> wrong = scrape("tcp-wrong-reply", "127.0.0.1:" + tcp);
		assertThat(PrometheusText.value(wrong, "probe_success")).isZero();
		assertThat(PrometheusText.value(wrong, "probe_failed_due_to_regex")).isEqualTo(1.0);
	}

	@Test
	void udpLossModuleReportsLossJitterAndRoundTrips() {
		int udp = this.api.createListener("{\"name\": \"bb-loss\", \"protocol\": \"udp\"}");

		List<PrometheusText.Sample> samples = scrape("udp_loss", "127.0.0.1:" + udp);

		assertThat(PrometheusText.value(samples, "probe_success")).isEqualTo(1.0);
		assertThat(PrometheusText.value(samples, "probe_udp_sent")).isEqualTo(50.0);
		assertThat(PrometheusText.value(samples, "probe_udp_received")).isEqualTo(50.0);
		assertThat(PrometheusText.value(samples, "probe_udp_loss_ratio")).isZero();
		assertThat(PrometheusText.value(samples, "probe_udp_jitter_seconds")).isNotNull();
		assertThat(PrometheusText.value(samples, "probe_udp_round_trip_seconds", "quantile=0.99")).isPositive();
	}

	@Test
	void tlsModuleReportsTheVersionAndTheCertificateExpiry() {
		int port = this.api.createListener("{\"name\": \"bb-tls\", \"tls\": {\"enabled\": true}}");
		this.api.put("/api/probe-modules/tls-lab", "{\"prober\": \"tls\", \"insecure\": true}");

		List<PrometheusText.Sample> samples = scrape("tls-lab", "127.0.0.1:" + port);

		assertThat(PrometheusText.value(samples, "probe_success")).isEqualTo(1.0);
		assertThat(PrometheusText.value(samples, "probe_tls_version_info", "version=TLS 1.3")).isEqualTo(1.0);
		assertThat(PrometheusText.value(samples, "probe_ssl_earliest_cert_expiry"))
			.isGreaterThan(Instant.now().getEpochSecond());
	}

	@Test
	void dnsModuleResolvesTheTargetName() {
		List<PrometheusText.Sample> samples = scrape("dns", "localhost");

		assertThat(PrometheusText.value(samples, "probe_success")).isEqualTo(1.0);
		assertThat(PrometheusText.value(samples, "probe_dns_answer_rrs")).isGreaterThanOrEqualTo(1.0);
	}

	@Test
	void debugShowsTheLogTheSamplesAndTheModule() {
		Api.Response response = this.api.get("/probe?module=tcp_echo&target=127.0.0.1:9&debug=true");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("Logs for the probe:", "msg=\"Beginning probe\"", "level=error",
				"Metrics that would have been returned:", "probe_success 0", "Module configuration:", "prober: tcp");
	}

	@Test
	void unknownModuleOrMissingTargetIs400AndADeniedTargetIs403() {
		Api.Response unknown = this.api.get("/probe?module=nope&target=127.0.0.1:9");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(unknown.json().path("errors").findValuesAsString("field")).containsExactly("module");

		Api.Response noTarget = this.api.get("/probe?module=tcp_connect");
		assertThat(noTarget.status()).isEqualTo(400);
		assertThat(noTarget.json().path("errors").findValuesAsString("field")).containsExactly("target");
		assertThat(this.api.get("/probe?module=tcp_connect&target=no-port").status()).isEqualTo(400);

		Api.Response denied = this.api.get("/probe?module=tcp_connect&target=169.254.169.254:80");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.json().path("rule").asString()).isEqualTo("169.254.0.0/16");
	}

	private List<PrometheusText.Sample> scrape(String module, String target) {
		Api.Response response = this.api.get("/probe?module=" + module + "&target=" + target);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.contentType()).isEqualTo("text/plain;version=0.0.4;charset=utf-8");
		assertThat(PrometheusText.promtoolProblems(response.body())).as(response.body()).isEmpty();
		return PrometheusText.parse(response.body());
	}

}
