package io.netlab.probe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A small JSON client of netlab's HTTP API for tests, on the JDK's {@link HttpClient}.
 */
final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	Api(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	Response post(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	Response delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE());
	}

	/** Sends a probe request and expects the probe to have run (200). */
	JsonNode probe(String json) {
		Response response = post("/api/probes", json);
		if (response.status() != 200) {
			throw new AssertionError("expected 200 but got " + response.status() + ": " + response.text());
		}
		return response.body();
	}

	int listenerPort(String name) {
		return get("/api/listeners/" + name).body().path("boundPort").asInt();
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(90)).build(),
					HttpResponse.BodyHandlers.ofString());
			String text = response.body();
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			JsonNode body = (text == null || text.isEmpty() || !contentType.contains("json"))
					? JsonNodeFactory.instance.nullNode() : JSON.readTree(text);
			return new Response(response.statusCode(), body, text, contentType,
					response.headers().firstValue("Location").orElse(null));
		}
		catch (IOException ex) {
			throw new IllegalStateException("HTTP request failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	record Response(int status, JsonNode body, String text, String contentType, String location) {
	}

}
