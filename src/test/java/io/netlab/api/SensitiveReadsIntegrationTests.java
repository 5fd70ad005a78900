package io.netlab.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.netlab.support.Api;
import io.netlab.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an API token configured, someone who can reach netlab but has no token tries to read
 * what helps an attack (configuration, beans, routes, threads, log levels) or to make netlab
 * query DNS for them: refused with 401, nothing of it in the answer; scrapers still read health,
 * info and metrics for Prometheus.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "netlab.api.token=" + SensitiveReadsIntegrationTests.TOKEN)
class SensitiveReadsIntegrationTests extends IntegrationTest {

	static final String TOKEN = "reads-token-51c9";

	private static final List<String> SENSITIVE = List.of("/actuator/env", "/actuator/configprops", "/actuator/beans",
			"/actuator/mappings", "/actuator/threaddump", "/actuator/heapdump", "/actuator/loggers",
			"/actuator/loggers/io.netlab", "/actuator/metrics", "/actuator/env/", "/api/resolve?host=localhost");

	private final HttpClient http = HttpClient.newHttpClient();

	@Override
	protected Api newApi() {
		return new Api(this.httpPort, TOKEN);
	}

	@Test
	void sensitiveReadsWithoutTheTokenAre401AndRevealNothing() throws Exception {
		for (String path : SENSITIVE) {
			HttpResponse<String> response = get(path, null);
			assertThat(response.statusCode()).as(path).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).as(path)
				.startsWith("application/problem+json");
			assertThat(response.body()).as(path)
				.doesNotContain("activeProfiles", "propertySources", "netlab.api", "threads", "127.0.0.1\"", "\"addresses\"");
		}
	}

	@Test
	void wrongTokenIsNoBetterThanNone() throws Exception {
		assertThat(get("/actuator/env", "not-the-token").statusCode()).isEqualTo(401);
		assertThat(get("/api/resolve?host=localhost", "not-the-token").statusCode()).isEqualTo(401);
	}

	@Test
	void theTokenOpensThem() throws Exception {
		for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/mappings",
				"/actuator/threaddump", "/actuator/loggers", "/actuator/metrics", "/api/resolve?host=localhost")) {
			assertThat(get(path, TOKEN).statusCode()).as(path).isEqualTo(200);
		}
		// never exposed, token or not
		assertThat(get("/actuator/heapdump", TOKEN).statusCode()).isEqualTo(404);
	}

	@Test
	void healthInfoAndPrometheusStayOpenForScrapers() throws Exception {
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/info",
				"/actuator/prometheus", "/actuator", "/api/listeners")) {
			assertThat(get(path, null).statusCode()).as(path).isEqualTo(200);
		}
		assertThat(get("/actuator/prometheus", null).body()).contains("netlab_listener_up");
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path))
			.GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
