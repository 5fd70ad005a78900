package io.netlab.api;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.netlab.support.Api;
import io.netlab.support.Netlab;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The control plane with an API token configured, driven over real HTTP: who may change what,
 * and the request checks that keep a browser page from driving the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "netlab.api.token=" + ApiSecurityIntegrationTests.TOKEN)
class ApiSecurityIntegrationTests extends IntegrationTest {

	static final String TOKEN = "test-token-7f3a";

	private final HttpClient http = HttpClient.newHttpClient();

	@Override
	protected Api newApi() {
		return new Api(this.httpPort, TOKEN);
	}

	@Test
	void mutatingRequestWithoutTokenIs401WithAProblemSayingWhatToSend() throws Exception {
		HttpResponse<String> response = send(post("/api/listeners", "{\"name\": \"no-token\"}", null));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(response.body()).contains("Authorization: Bearer");
		assertThat(this.api.get("/api/listeners/no-token").status()).isEqualTo(404);
	}

	@Test
	void wrongTokenIs401AndTheRightOneIsAccepted() throws Exception {
		assertThat(send(post("/api/listeners", "{\"name\": \"wrong\"}", "not-the-token")).statusCode()).isEqualTo(401);
		assertThat(send(post("/api/listeners", "{\"name\": \"right\"}", TOKEN)).statusCode()).isEqualTo(201);
		assertThat(send(HttpRequest.newBuilder(uri("/api/listeners/right")).DELETE().build()).statusCode())
			.isEqualTo(401);
	}

	@Test
	void readingNeedsNoToken() throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri("/api/listeners")).GET().build()).statusCode()).isEqualTo(200);
		assertThat(send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build()).statusCode()).isEqualTo(200);
	}

	@Test
	void probeEndpointSendsTrafficSoItNeedsTheToken() throws Exception {
		String probe = "/probe?module=tcp_connect&target=127.0.0.1:9";
		assertThat(send(HttpRequest.newBuilder(uri(probe)).GET().build()).statusCode()).isEqualTo(401);
		assertThat(send(HttpRequest.newBuilder(uri(probe)).header("Authorization", "Bearer " + TOKEN).GET().build())
			.statusCode()).isEqualTo(200);
	}

	@Test
	void mutatingActuatorOperationNeedsTheToken() throws Exception {
		HttpRequest changeLevel = HttpRequest.newBuilder(uri("/actuator/loggers/io.netlab"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"configuredLevel\": \"DEBUG\"}"))
			.build();
		assertThat(send(changeLevel).statusCode()).isEqualTo(401);
	}

	@Test
	void formAndPlainTextBodiesAre415EvenWithTheToken() throws Exception {
		for (String type : new String[] { "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x" }) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/listeners"))
				.header("Content-Type", type)
				.header("Authorization", "Bearer " + TOKEN)
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"sneaky\"}"))
				.build());
			assertThat(response.statusCode()).as(type).isEqualTo(415);
			assertThat(response.body()).contains("application/json");
		}
	}

	@Test
	void bodyOverTheLimitIs413() throws Exception {
		String big = "{\"name\": \"" + "x".repeat(70_000) + "\"}";
		HttpResponse<String> response = send(post("/api/listeners", big, TOKEN));
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("65536");
	}

	@Test
	void foreignHostHeaderIs400AgainstDnsRebinding() throws Exception {
		String refused = rawGet("evil.example:" + this.httpPort);
		assertThat(refused).startsWith("HTTP/1.1 400").contains("evil.example").contains("netlab.api.allowed-hosts");
		// the answer does not tell a stranger which names and addresses would work
		assertThat(refused).doesNotContain("localhost", "127.0.0.1", "::1");
		assertThat(rawGet("localhost:" + this.httpPort)).startsWith("HTTP/1.1 200");
		assertThat(rawGet("[::1]:" + this.httpPort)).startsWith("HTTP/1.1 200");
	}

	@Test
	void startupIsRefusedWhenHttpBindsBeyondLoopbackWithoutAToken(@TempDir Path dataDir) {
		assertThatThrownBy(() -> Netlab.start(dataDir, "--server.address=0.0.0.0"))
			.hasStackTraceContaining("with no API token configured");
		try (ConfigurableApplicationContext context = Netlab.start(dataDir, "--server.address=0.0.0.0",
				"--netlab.api.token=another-secret")) {
			assertThat(context.isActive()).isTrue();
		}
	}

	private String rawGet(String hostHeader) throws IOException {
		try (Socket socket = Sockets.connect(this.httpPort)) {
			Sockets.write(socket, "GET /api/listeners HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n");
			return new String(Sockets.readToEof(socket), StandardCharsets.UTF_8);
		}
	}

	private HttpRequest post(String path, String json, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request.build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.httpPort + path);
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
