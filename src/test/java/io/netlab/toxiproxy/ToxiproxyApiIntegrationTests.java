package io.netlab.toxiproxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.netlab.support.Api;
import io.netlab.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Toxiproxy API's JSON shapes and statuses seen on the wire: populate, toxic updates that
 * merge, Toxiproxy's error bodies, and a browser's form post still refused.
 */
class ToxiproxyApiIntegrationTests extends IntegrationTest {

	@AfterEach
	void resetProxies() {
		this.api.post("/reset");
	}

	@Test
	void populateCreatesProxiesAndToxicUpdatesMerge() {
		int upstream = this.api.createListener("{\"name\": \"pop-up\"}");
		Api.Response populated = this.api.post("/populate",
				"[{\"name\": \"pop-a\", \"listen\": \"127.0.0.1:0\", \"upstream\": \"127.0.0.1:" + upstream + "\"}]");
		assertThat(populated.status()).isEqualTo(201);
		JsonNode proxy = populated.json().get("proxies").get(0);
		assertThat(proxy.get("name").asText()).isEqualTo("pop-a");
		assertThat(proxy.get("enabled").asBoolean()).isTrue();
		assertThat(proxy.get("toxics")).isEmpty();
		Api.Response toxic = this.api.post("/proxies/pop-a/toxics",
				"{\"name\": \"lat\", \"type\": \"latency\", \"stream\": \"upstream\", \"attributes\": {\"latency\": 100, \"jitter\": 5}}");
		assertThat(toxic.status()).isEqualTo(200);
		Api.Response updated = this.api.post("/proxies/pop-a/toxics/lat", "{\"attributes\": {\"latency\": 7}}");
		assertThat(updated.json().get("attributes").get("latency").asLong()).isEqualTo(7);
		assertThat(updated.json().get("attributes").get("jitter").asLong()).isEqualTo(5);
		assertThat(updated.json().get("stream").asText()).isEqualTo("upstream");
		assertThat(this.api.get("/proxies").json().get("pop-a").get("toxics").get(0).get("name").asText())
			.isEqualTo("lat");
	}

	@Test
	void errorsComeInToxiproxysShape() {
		Api.Response missing = this.api.get("/proxies/none");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json().get("error").asText()).isEqualTo("proxy not found");
		assertThat(missing.json().get("status").asInt()).isEqualTo(404);
		Api.Response bad = this.api.post("/proxies", "{\"name\": \"no-upstream\"}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("error").asText()).contains("upstream");
		assertThat(this.api.get("/version").body()).startsWith("2.");
	}

	@Test
	void aBrowsersFormPostIsStillRefused() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/proxies"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Origin", "http://evil.example")
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\", \"upstream\": \"127.0.0.1:1\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(this.api.get("/proxies/x").status()).isEqualTo(404);
	}

}
