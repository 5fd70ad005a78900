package io.netlab.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.netlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A web page in the user's browser tries to change netlab with requests that have no JSON body:
 * every mutating request from a foreign origin is refused with 403 and changes nothing, while
 * netlab's own console, configured origins, and programs that send no {@code Origin} still work.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "netlab.api.allowed-origins=https://console.example.org")
class CrossSiteWriteIntegrationTests extends IntegrationTest {

	private static final String EVIL = "https://evil.example";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void foreignPageCannotStopAListenerWithAnEmptyOrPlainTextPost() throws Exception {
		this.api.createListener("{\"name\": \"victim\"}");

		HttpResponse<String> empty = send(request("POST", "/api/listeners/victim/stop", EVIL, null, null));
		HttpResponse<String> plain = send(request("POST", "/api/listeners/victim/stop", EVIL, "text/plain", ""));

		for (HttpResponse<String> response : java.util.List.of(empty, plain)) {
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			assertThat(response.body()).contains("netlab.api.allowed-origins");
		}
		assertThat(this.api.get("/api/listeners/victim").json().get("state").asText()).isEqualTo("RUNNING");
	}

	@Test
	void foreignPageCannotDeleteOrRestartAListener() throws Exception {
		this.api.createListener("{\"name\": \"victim\"}");
		this.api.post("/api/listeners/victim/stop");

		assertThat(send(request("DELETE", "/api/listeners/victim", EVIL, null, null)).statusCode()).isEqualTo(403);
		assertThat(send(request("POST", "/api/listeners/victim/start", "null", null, null)).statusCode())
			.isEqualTo(403);

		assertThat(this.api.get("/api/listeners/victim").json().get("state").asText()).isEqualTo("STOPPED");
	}

	@Test
	void crossSiteFetchWithoutOriginIsRefusedToo() throws Exception {
		this.api.createListener("{\"name\": \"victim\"}");
		HttpRequest request = HttpRequest.newBuilder(uri("/api/listeners/victim"))
			.header("Sec-Fetch-Site", "cross-site")
			.DELETE()
			.build();

		assertThat(send(request).statusCode()).isEqualTo(403);
		assertThat(this.api.get("/api/listeners/victim").status()).isEqualTo(200);
	}

	@Test
	void foreignPageCannotChangeALogLevel() throws Exception {
		HttpResponse<String> response = send(request("POST", "/actuator/loggers/io.netlab.api", EVIL,
				"application/json", "{\"configuredLevel\": \"TRACE\"}"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(this.api.get("/actuator/loggers/io.netlab.api").body()).doesNotContain("TRACE");
	}

	@Test
	void theConsolesOwnOriginAConfiguredOriginAndProgramsWithoutOriginMayChangeThings() throws Exception {
		this.api.createListener("{\"name\": \"friend\"}");

		String own = "http://127.0.0.1:" + this.httpPort;
		assertThat(send(request("POST", "/api/listeners/friend/stop", own, null, null)).statusCode()).isEqualTo(200);
		assertThat(send(request("POST", "/api/listeners/friend/start", "https://console.example.org", null, null))
			.statusCode()).isEqualTo(200);
		assertThat(send(request("POST", "/api/listeners/friend/stop", null, null, null)).statusCode()).isEqualTo(200);

		assertThat(this.api.get("/api/listeners/friend").json().get("state").asText()).isEqualTo("STOPPED");
	}

	@Test
	void readsFromAForeignPageAreNotWritesAndStayAllowed() throws Exception {
		HttpRequest read = HttpRequest.newBuilder(uri("/api/listeners")).header("Origin", EVIL).GET().build();

		HttpResponse<String> response = send(read);

		assertThat(response.statusCode()).isEqualTo(200);
		// no CORS: the browser keeps the answer from the foreign page
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	private HttpRequest request(String method, String path, String origin, String contentType, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (origin != null) {
			request.header("Origin", origin);
		}
		if (contentType != null) {
			request.header("Content-Type", contentType);
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
