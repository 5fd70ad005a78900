package io.netlab.probe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One-shot probes over real HTTP against netlab's own listeners and against plain Java servers
 * that answer, stay silent, refuse, reset, close, speak TLS or wait for a half-close.
 */
@ProbeIntegrationTest
class ProbeIntegrationTests {

	@LocalServerPort
	int httpPort;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.httpPort);
	}

	@ParameterizedTest
	@ValueSource(strings = { "echo-raw", "echo-line", "echo-crlf", "echo-stx-etx", "echo-length-prefix",
			"echo-blocking-line" })
	void probeOfListenerSpeaksItsFramingAndGetsThePayloadBack(String listener) {
		JsonNode result = this.api.probe("""
				{"listener": "%s", "payload": "hello, framing"}""".formatted(listener));

		assertThat(result.path("success").asBoolean()).as(result.toString()).isTrue();
		assertThat(result.path("error").isNull()).isTrue();
		assertThat(result.path("reply").asString()).isEqualTo("hello, framing");
		assertThat(result.path("replyBase64").asString())
			.isEqualTo(Base64.getEncoder().encodeToString("hello, framing".getBytes(StandardCharsets.UTF_8)));
		int overhead = switch (listener) {
			case "echo-raw" -> 0;
			case "echo-line", "echo-blocking-line" -> 1;
			default -> 2;
		};
		assertThat(result.path("bytesSent").asLong()).isEqualTo(14 + overhead);
		assertThat(result.path("bytesReceived").asLong()).isEqualTo(14 + overhead);
		assertThat(result.path("remoteAddress").asString()).isEqualTo("127.0.0.1:" + this.api.listenerPort(listener));
		assertThat(result.path("localAddress").asString()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
		JsonNode timings = result.path("timings");
		assertThat(timings.path("connect").asDouble()).isGreaterThanOrEqualTo(0);
		assertThat(timings.path("firstByte").asDouble()).isGreaterThan(0);
		assertThat(timings.path("total").asDouble()).isGreaterThanOrEqualTo(timings.path("firstByte").asDouble());
	}

	@Test
	void probeByHostAndPortUsesTheFramingAsked() {
		int port = this.api.listenerPort("echo-length-prefix");

		JsonNode result = this.api.probe("""
				{"protocol": "tcp", "host": "127.0.0.1", "port": %d, "framing": "length-prefix",
				 "lengthHeaderBytes": 2, "payloadBase64": "AAEC/w=="}""".formatted(port));

		assertThat(result.path("success").asBoolean()).as(result.toString()).isTrue();
		assertThat(result.path("replyBase64").asString()).isEqualTo("AAEC/w==");
		assertThat(result.path("bytesSent").asLong()).isEqualTo(6);
	}

	@Test
	void udpProbeOfListenerGetsTheDatagramBack() {
		JsonNode result = this.api.probe("""
				{"listener": "echo-udp", "payload": "ping over udp"}""");

		assertThat(result.path("success").asBoolean()).as(result.toString()).isTrue();
		assertThat(result.path("protocol").asString()).isEqualTo("udp");
		assertThat(result.path("reply").asString()).isEqualTo("ping over udp");
	}

	@Test
	void probeOfPlainServerReportsItsReply() throws Exception {
		try (TestServers.Tcp server = TestServers.tcp(TestServers.pong())) {
			JsonNode result = this.api.probe("""
					{"protocol": "tcp", "host": "localhost", "port": %d, "framing": "line", "payload": "ping"}"""
				.formatted(server.port()));

			assertThat(result.path("success").asBoolean()).as(result.toString()).isTrue();
			assertThat(result.path("reply").asString()).isEqualTo("pong ping");
			assertThat(result.path("timings").path("resolve").asDouble()).isGreaterThanOrEqualTo(0);
		}
	}

	@Test
	void probeOfSilentServerTimesOut() throws Exception {
		try (TestServers.Tcp server = TestServers.tcp(TestServers.silent())) {
			JsonNode result = this.api.probe("""
					{"protocol": "tcp", "host": "127.0.0.1", "port": %d, "framing": "line", "payload": "anyone?",
					 "timeoutMs": 300}""".formatted(server.port()));

			assertThat(result.path("success").asBoolean()).isFalse();
			assertThat(result.path("error").asString()).isEqualTo("timeout");
			assertThat(result.path("message").asString()).contains("300 ms");
			assertThat(result.path("timings").path("total").asDouble()).isBetween(250.0, 5000.0);
		}
	}

	@Test
	void rawProbeOfServerThatAnswersShortReportsWhatCameBeforeTheTimeout() throws Exception {
		TestServers.Handler shortAnswer = socket -> {
			TestServers.readLine(socket.getInputStream());
			socket.getOutputStream().write("ok\n".getBytes(StandardCharsets.UTF_8));
			socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
		};
		try (TestServers.Tcp server = TestServers.tcp(shortAnswer)) {
			JsonNode result = this.api.probe("""
					{"protocol": "tcp", "host": "127.0.0.1", "port": %d, "payload": "a much longer request\\n",
					 "timeoutMs": 300}""".formatted(server.port()));

			assertThat(result.path("success").asBoolean()).as(result.toString()).isTrue();
			assertThat(result.path("reply").asString()).isEqualTo("ok\n");
			assertThat(result.path("timings").path("total").asDouble()).isGreaterThanOrEqualTo(250.0);
		}
	}

	@Test
	void probeOfClosedPortIsRefused() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}

		JsonNode result = this.api.probe("""
				{"protocol": "tcp", "host": "127.0.0.1", "port": %d, "payload": "hello"}""".formatted(port));

		assertThat(result.path("success").asBoolean()).isFalse();
		assertThat(result.path("error").asString()).isEqualTo("refused");
		assertThat(result.path("message").asString()).contains("127.0.0.1:" + port);
	}

	@Test
	void probeOfServerThatResetsReportsReset() throws Exception {
		try (TestServers.Tcp server = TestServers.tcp(TestServers.resetAfterLine())) {
			JsonNode result = this.api.probe("""
					{"protocol": "tcp", "host": "127.0.0.1", "port": %d, "framing": "line", "payload": "hello"}"""
				.formatted(server.port()));

			assertThat(result.path("error").asString()).as(result.toString()).isEqualTo("reset");
		}
	}

	@Test
	void probeOfServerThatClosesWithoutReplyReportsClosed() throws Exception {
		try (TestServers.Tcp server = TestServers.tcp(TestServers.closeAfterLine())) {
			JsonNode result = this.api.probe("""
					{"protocol": "tcp", "host": "127.0.0.1", "port": %d, "framing": "line", "payload": "hello"}"""
				.formatted(server.port()));

			assertThat(result.path("error").asString()).as(result.toString()).isEqualTo("closed");
		}
	}

	@Test
	void halfCloseSendsEofAndReadsTheReplyToEof() throws Exception {
		try (TestServers.Tcp server = TestServers.tcp(TestServers.countUntilEof())) {
			JsonNode result = this.api.probe("""
					{"protocol": "tcp", "host": "127.0.0.1", "port": %d, "payload": "twelve bytes", "halfClose": true}"""
				.formatted(server.port()));

			assertThat(result.path("success").asBoolean()).as(result.toString()).isTrue();
			assertThat(result.path("reply").asString()).isEqualTo("got 12 bytes");
		}
	}

	@Test
	void regexExpectationPassesWhenThePatternIsFound() {
		JsonNode result = this.api.probe("""
				{"listener": "echo-line", "payload": "status: 200 OK", "expect": "regex:\\\\d{3} OK$"}""");

		assertThat(result.path("success").asBoolean()).as(result.toString()).isTrue();
	}

	@Test
	void replyThatDoesNotMatchExpectationIsAMismatch() {
		JsonNode result = this.api.probe("""
				{"listener": "echo-line", "payload": "status: 500", "expect": "regex:^status: 2"}""");

		assertThat(result.path("success").asBoolean()).isFalse();
		assertThat(result.path("error").asString()).isEqualTo("mismatch");
		assertThat(result.path("reply").asString()).isEqualTo("status: 500");
	}

	@Test
	void tlsProbeOfSelfSignedServerFailsUnlessInsecure(@TempDir Path dir) throws Exception {
		SSLContext context = TestServers.selfSignedContext(dir);
		try (TestServers.Tcp server = TestServers.tls(context, TestServers.pong())) {
			String request = """
					{"protocol": "tcp", "host": "127.0.0.1", "port": %d, "framing": "line", "payload": "secret",
					 "tls": {"enabled": true, "insecure": %s}}""";

			JsonNode secure = this.api.probe(request.formatted(server.port(), false));
			JsonNode insecure = this.api.probe(request.formatted(server.port(), true));

			assertThat(secure.path("success").asBoolean()).isFalse();
			assertThat(secure.path("error").asString()).as(secure.toString()).isEqualTo("tls");
			assertThat(insecure.path("success").asBoolean()).as(insecure.toString()).isTrue();
			assertThat(insecure.path("reply").asString()).isEqualTo("pong secret");
			JsonNode tls = insecure.path("tls");
			assertThat(tls.path("protocol").asString()).startsWith("TLSv1.");
			assertThat(tls.path("cipherSuite").asString()).isNotBlank();
			assertThat(tls.path("peerSubject").asString()).isEqualTo("CN=netlab-test");
			assertThat(tls.path("peerNotAfter").asString()).isNotBlank();
			assertThat(insecure.path("timings").path("tls").asDouble()).isGreaterThan(0);
		}
	}

	@Test
	void probeOfUnknownHostReportsDns() {
		JsonNode result = this.api.probe("""
				{"protocol": "tcp", "host": "no-such-host.invalid", "port": 7, "payload": "x"}""");

		assertThat(result.path("success").asBoolean()).isFalse();
		assertThat(result.path("error").asString()).isEqualTo("dns");
	}

	@Test
	void cloudMetadataAddressIsDeniedWhateverTheConfiguration() {
		Api.Response response = this.api.post("/api/probes", """
				{"protocol": "tcp", "host": "169.254.169.254", "port": 80, "payload": "GET /"}""");

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().path("rule").asString()).isEqualTo("169.254.0.0/16");
		assertThat(response.body().path("detail").asString()).contains("169.254.169.254", "always denies");
	}

	@Test
	void multicastAndUnspecifiedAddressesAreDenied() {
		assertThat(this.api.post("/api/probes", """
				{"protocol": "udp", "host": "224.0.0.251", "port": 5353, "payload": "x"}""").status()).isEqualTo(403);
		assertThat(this.api.post("/api/probes", """
				{"protocol": "tcp", "host": "0.0.0.0", "port": 22}""").status()).isEqualTo(403);
	}

	@Test
	void addressOutsideAllowedTargetsIsDenied() {
		Api.Response response = this.api.post("/api/probes", """
				{"protocol": "tcp", "host": "192.0.2.1", "port": 80}""");

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body().path("rule").asString()).isEqualTo("allowed-targets");
	}

	@Test
	void netlabsOwnHttpPortIsDeniedOnLocalAddresses() {
		Api.Response response = this.api.post("/api/probes", """
				{"protocol": "tcp", "host": "localhost", "port": %d, "payload": "GET / HTTP/1.0\\r\\n\\r\\n"}"""
			.formatted(this.httpPort));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body().path("rule").asString()).isEqualTo("netlab-http-port");
	}

	@Test
	void invalidRequestListsEveryProblem() {
		Api.Response response = this.api.post("/api/probes", """
				{"protocol": "udp", "listener": "echo-udp", "host": "127.0.0.1", "framing": "line",
				 "timeoutMs": 0, "expect": "regex:("}""");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().path("errors").findValuesAsString("field")).contains("listener", "framing",
				"timeoutMs", "expect");
	}

	@Test
	void probeOfUnknownListenerIsNotFound() {
		assertThat(this.api.post("/api/probes", """
				{"listener": "no-such-listener", "payload": "x"}""").status()).isEqualTo(404);
	}

	@Test
	void resolveListsEveryAddressWithFamilyClassAndReverseName() {
		Api.Response response = this.api.get("/api/resolve?host=localhost");

		assertThat(response.status()).isEqualTo(200);
		JsonNode addresses = response.body().path("addresses");
		assertThat(addresses.isArray() && !addresses.isEmpty()).isTrue();
		JsonNode first = addresses.get(0);
		assertThat(first.path("class").asString()).isEqualTo("loopback");
		assertThat(first.path("family").asString()).isIn("ipv4", "ipv6");
		assertThat(first.has("reverseName")).isTrue();
		assertThat(response.body().path("lookupMs").asDouble()).isGreaterThanOrEqualTo(0);
	}

	@Test
	void resolveOfLiteralClassifiesItWithoutForwardLookup() {
		JsonNode body = this.api.get("/api/resolve?host=10.1.2.3").body();

		assertThat(body.path("literal").asBoolean()).isTrue();
		assertThat(body.path("addresses").get(0).path("class").asString()).isEqualTo("private");
		assertThat(body.path("addresses").get(0).path("family").asString()).isEqualTo("ipv4");
	}

	@Test
	void resolveOfUnknownHostIsNotFound() {
		Api.Response response = this.api.get("/api/resolve?host=no-such-host.invalid");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	@Test
	void probesAreCountedAndTimedWithoutTheTarget() {
		this.api.probe("""
				{"listener": "echo-raw", "payload": "count me"}""");

		String metrics = this.api.get("/actuator/prometheus").text();

		assertThat(metrics).contains("netlab_probes_total{protocol=\"tcp\",result=\"success\"}");
		assertThat(metrics).contains("netlab_probe_duration_seconds_bucket{protocol=\"tcp\",result=\"success\"");
		assertThat(metrics.lines().filter(line -> line.startsWith("netlab_probe"))).noneMatch(line -> line.contains("127.0.0.1"));
	}

}
