package io.netlab.listener;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import io.netlab.support.Api;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Netlab;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener control plane over real HTTP: every status a user can run into, with its
 * problem detail.
 */
class ListenerApiIntegrationTests extends IntegrationTest {

	@Test
	void createAnswers201WithLocationOnceThePortIsBound() throws Exception {
		Api.Response created = this.api.post("/api/listeners", """
				{"name": "created", "framing": "line"}""");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.location()).endsWith("/api/listeners/created");
		JsonNode view = created.json();
		assertThat(view.get("state").asText()).isEqualTo("RUNNING");
		assertThat(view.get("source").asText()).isEqualTo("api");
		assertThat(view.get("io").asText()).isEqualTo("nio");
		assertThat(view.get("limits").get("maxConnections").asInt()).isEqualTo(1000);
		int port = view.get("boundPort").asInt();
		assertThat(port).isPositive();
		// bound before the answer: a connection succeeds right away
		try (Socket socket = Sockets.connect(port)) {
			Sockets.write(socket, "now\n");
			assertThat(Sockets.readExactlyText(socket, 4)).isEqualTo("now\n");
		}
		assertThat(this.api.get("/api/listeners").json().findValuesAsString("name")).contains("created", "cfg-echo");
	}

	@Test
	void invalidSpecIs400WithEveryFieldProblemListed() {
		Api.Response response = this.api.post("/api/listeners", """
				{"name": "Bad Name!", "port": 70000, "lengthHeaderBytes": 3,
				 "limits": {"maxConnections": -1, "idleTimeoutMs": -5}}""");
		assertProblem(response, 400, "Invalid listener spec");
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "port",
				"lengthHeaderBytes", "limits.maxConnections", "limits.idleTimeoutMs");
		assertThat(response.json().get("detail").asText()).contains("port must be between 0 and 65535");
	}

	@Test
	void unknownEnumValueIs400NamingTheAcceptedValues() {
		Api.Response response = this.api.post("/api/listeners", """
				{"name": "x", "framing": "zigzag"}""");
		assertProblem(response, 400, null);
		assertThat(response.json().get("detail").asText()).contains("zigzag").contains("raw, line, crlf");
	}

	@Test
	void bodyThatIsNotJsonIs415() throws Exception {
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.httpPort + "/api/listeners"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=form"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertProblem(new Api.Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
				null, response.body()), 415, null);
	}

	@Test
	void malformedJsonIs400() {
		assertProblem(this.api.post("/api/listeners", "{\"name\": "), 400, null);
	}

	@Test
	void frameLimitsAndFieldsOfTheWrongProtocolAre400() {
		Api.Response response = this.api.post("/api/listeners", """
				{"name": "udp-framed", "protocol": "udp", "framing": "line", "io": "blocking",
				 "limits": {"maxMessageBytes": 70000}}""");
		assertProblem(response, 400, "Invalid listener spec");
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("framing", "io",
				"limits.maxMessageBytes");
	}

	@Test
	void bindAddressThatIsNotOnThisMachineIs400() {
		Api.Response response = this.api.post("/api/listeners", """
				{"name": "far", "bindAddress": "192.0.2.1"}""");
		assertProblem(response, 400, "Invalid listener spec");
		assertThat(response.json().get("detail").asText()).contains("not an address of this machine");
	}

	@Test
	void unknownListenerIs404() {
		assertProblem(this.api.get("/api/listeners/nope"), 404, "Listener not found");
		assertProblem(this.api.post("/api/listeners/nope/stop"), 404, "Listener not found");
		assertProblem(this.api.delete("/api/listeners/nope"), 404, "Listener not found");
		assertProblem(this.api.get("/api/listeners/nope/connections"), 404, "Listener not found");
	}

	@Test
	void duplicateNameIs409() {
		this.api.createListener("{\"name\": \"twice\"}");
		Api.Response response = this.api.post("/api/listeners", "{\"name\": \"twice\"}");
		assertProblem(response, 409, "Listener already exists");
		assertThat(response.json().get("detail").asText()).contains("twice");
	}

	@Test
	void twoListenersOnTheSamePortIs409NamingAddressAndPort() {
		int port = this.api.createListener("{\"name\": \"first-on-port\"}");
		Api.Response response = this.api.post("/api/listeners", """
				{"name": "second-on-port", "port": %d}""".formatted(port));
		assertProblem(response, 409, "Port already in use");
		assertThat(response.json().get("detail").asText()).contains("127.0.0.1").contains(String.valueOf(port));
		assertThat(this.api.get("/api/listeners/second-on-port").status()).isEqualTo(404);
	}

	@Test
	void portTakenByAnotherProgramIs409() throws Exception {
		try (ServerSocket squatter = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
			Api.Response response = this.api.post("/api/listeners", """
					{"name": "squatted", "port": %d, "io": "blocking"}""".formatted(squatter.getLocalPort()));
			assertProblem(response, 409, "Port already in use");
		}
	}

	@Test
	void configuredListenerCanBeStoppedAndStartedButNotChangedOrDeleted() {
		assertProblem(this.api.delete("/api/listeners/cfg-echo"), 409, "Listener is declared in configuration");
		assertProblem(this.api.put("/api/listeners/cfg-echo", "{\"framing\": \"line\"}"), 409,
				"Listener is declared in configuration");
		assertThat(this.api.post("/api/listeners/cfg-echo/stop").json().get("state").asText()).isEqualTo("STOPPED");
		assertThat(this.api.post("/api/listeners/cfg-echo/start").json().get("state").asText()).isEqualTo("RUNNING");
		assertThat(this.api.get("/api/listeners/cfg-echo").json().get("source").asText()).isEqualTo("config");
	}

	@Test
	void startAndStopAreIdempotent() {
		this.api.createListener("{\"name\": \"idem\"}");
		assertThat(this.api.post("/api/listeners/idem/stop").status()).isEqualTo(200);
		assertThat(this.api.post("/api/listeners/idem/stop").json().get("state").asText()).isEqualTo("STOPPED");
		int first = this.api.post("/api/listeners/idem/start").json().get("boundPort").asInt();
		Api.Response again = this.api.post("/api/listeners/idem/start");
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("boundPort").asInt()).isEqualTo(first);
	}

	@Test
	void putChangesARunningListenerAndKeepsTheOldOneWhenTheNewCannotBind() throws Exception {
		int port = this.api.createListener("{\"name\": \"changing\", \"framing\": \"line\"}");
		JsonNode changed = this.api.put("/api/listeners/changing", """
				{"port": %d, "framing": "crlf"}""".formatted(port)).json();
		assertThat(changed.get("framing").asText()).isEqualTo("crlf");
		assertThat(changed.get("state").asText()).isEqualTo("RUNNING");
		try (Socket socket = Sockets.connect(port)) {
			Sockets.write(socket, "x\r\n");
			assertThat(Sockets.readExactlyText(socket, 3)).isEqualTo("x\r\n");
		}
		int taken = this.api.createListener("{\"name\": \"blocker\"}");
		Api.Response refused = this.api.put("/api/listeners/changing", """
				{"port": %d, "framing": "line"}""".formatted(taken));
		assertProblem(refused, 409, "Port already in use");
		JsonNode kept = this.api.get("/api/listeners/changing").json();
		assertThat(kept.get("framing").asText()).isEqualTo("crlf");
		assertThat(kept.get("state").asText()).isEqualTo("RUNNING");
	}

	@Test
	void deleteFreesThePortImmediately() throws Exception {
		int port = this.api.createListener("{\"name\": \"doomed\", \"io\": \"blocking\"}");
		try (Socket open = Sockets.connect(port)) {
			assertThat(this.api.delete("/api/listeners/doomed").status()).isEqualTo(204);
			assertThat(Sockets.closedByPeer(open)).isTrue();
		}
		try (ServerSocket reuse = new ServerSocket(port, 5, InetAddress.getLoopbackAddress())) {
			assertThat(reuse.getLocalPort()).isEqualTo(port);
		}
		assertThat(this.api.get("/api/listeners/doomed").status()).isEqualTo(404);
	}

	@Test
	void listenerBindsTheIpv6Loopback() throws Exception {
		Assumptions.assumeTrue(Netlab.hasIpv6Loopback(), "this machine has no IPv6 loopback (::1)");
		int port = this.api.createListener("{\"name\": \"six\", \"bindAddress\": \"::1\", \"framing\": \"line\"}");
		try (Socket socket = Sockets.connect("::1", port)) {
			Sockets.write(socket, "v6\n");
			assertThat(Sockets.readExactlyText(socket, 3)).isEqualTo("v6\n");
		}
		// the server sees the close on its loop thread, a moment after the client closed
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.api.get("/api/listeners/six/connections").json()).isEmpty());
	}

	@Test
	void openApiDescribesTheListenerEndpoints() {
		Api.Response docs = this.api.get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().get("paths").has("/api/listeners/{name}/connections/{id}")).isTrue();
	}

	private static void assertProblem(Api.Response response, int status, String title) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode body = response.json();
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(body.get("detail").asText()).isNotBlank().doesNotContain("Exception:").doesNotContain("at io.");
		if (title != null) {
			assertThat(body.get("title").asText()).isEqualTo(title);
		}
	}

}
