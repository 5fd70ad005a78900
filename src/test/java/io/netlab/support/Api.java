package io.netlab.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small real HTTP client for netlab's REST API in tests.
 */
public final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final String token;

	public Api(int port) {
		this(port, null);
	}

	/** A client that sends {@code Authorization: Bearer token} with every request. */
	public Api(int port, String token) {
		this("127.0.0.1", port, token);
	}

	/** A client of the netlab at {@code address} (a literal), with a token or none. */
	public Api(String address, int port, String token) {
		this.base = "http://" + address + ":" + port;
		this.token = token;
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	public Response post(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public Response post(String path) {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	public Response put(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** {@code GET path} asking for {@code accept}. */
	public Response get(String path, String accept) {
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET());
	}

	/** {@code PUT path} with a body of {@code contentType}. */
	public Response put(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE());
	}

	/** Create a listener from a JSON spec and return its bound port; fails the test unless 201. */
	public int createListener(String json) {
		Response response = post("/api/listeners", json);
		if (response.status() != 201) {
			throw new AssertionError("expected 201 creating listener but got " + response.status() + ": " + response.body());
		}
		return response.json().get("boundPort").asInt();
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

	private Response send(HttpRequest.Builder request) {
		try {
			if (this.token != null) {
				request.header("Authorization", "Bearer " + this.token);
			}
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(null), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP answer.
	 */
	public record Response(int status, String contentType, String location, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
