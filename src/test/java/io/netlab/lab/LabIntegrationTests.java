package io.netlab.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.netlab.support.Api;
import io.netlab.support.Netlab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The declarative lab on netlabs of the test's own: export and apply elsewhere give the same
 * lab, applying is idempotent, a dry run and an invalid or failing document change nothing,
 * and the lab file is applied at boot and again when it changes.
 */
class LabIntegrationTests {

	private static final String YAML = "application/yaml";

	@Test
	void aLabExportedAsYamlAndAppliedToAFreshNetlabExportsIdentically(@TempDir Path first, @TempDir Path second) {
		try (ConfigurableApplicationContext source = Netlab.start(first);
				ConfigurableApplicationContext target = Netlab.start(second)) {
			Api api = Netlab.api(source);
			int port = api.createListener("{\"name\": \"echo-t\", \"framing\": \"line\"}");
			api.createListener("{\"name\": \"echo-u\", \"protocol\": \"udp\", \"limits\": {\"maxDatagramsPerSecondPerSource\": 50}}");
			assertThat(api.put("/api/probe-modules/line-echo", """
					{"prober": "tcp", "payload": "ping\\n", "expect": "ping", "timeoutMs": 2000}""").status())
				.isEqualTo(201);
			assertThat(api.post("/api/monitors", """
					{"name": "echo-watch", "module": "line-echo", "target": "127.0.0.1:%d", "intervalMs": 60000}"""
				.formatted(port)).status()).isEqualTo(201);
			JsonNode exported = api.get("/api/lab").json();
			assertThat(api.get("/api/lab", "*/*").contentType()).as("curl's default Accept").startsWith("application/json");
			assertThat(exported.path("listeners").size()).isEqualTo(2);
			assertThat(exported.path("listeners").get(0).has("state")).as("only the spec is exported").isFalse();
			Api.Response yaml = api.get("/api/lab", YAML);
			assertThat(yaml.contentType()).startsWith(YAML);
			assertThat(yaml.body()).contains("echo-watch").doesNotContain("null");

			Api fresh = Netlab.api(target);
			Api.Response applied = fresh.put("/api/lab", YAML, yaml.body());

			assertThat(applied.status()).as(applied.body()).isEqualTo(200);
			assertThat(actions(applied.json())).containsExactly("probeModule line-echo create", "listener echo-t create",
					"listener echo-u create", "monitor echo-watch create");
			assertThat(fresh.get("/api/lab").json()).isEqualTo(exported);
			assertThat(fresh.get("/api/listeners/echo-t").json().path("state").asString()).isEqualTo("RUNNING");
			Api.Response again = fresh.put("/api/lab", "application/json", exported.toString());
			assertThat(again.json().path("changes").size()).as("applying the same lab again changes nothing").isZero();
		}
	}

	@Test
	void aDryRunReturnsThePlanAndChangesNothing(@TempDir Path dataDir) {
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir)) {
			Api api = Netlab.api(netlab);
			api.createListener("{\"name\": \"old\"}");
			api.createListener("{\"name\": \"kept\", \"port\": 0}");
			String before = api.get("/api/lab").body();

			Api.Response plan = api.put("/api/lab?dryRun=true", "application/json", """
					{"listeners": [{"name": "kept", "framing": "line"}, {"name": "new", "protocol": "udp"}]}""");

			assertThat(plan.status()).as(plan.body()).isEqualTo(200);
			assertThat(plan.json().path("dryRun").asBoolean()).isTrue();
			assertThat(actions(plan.json())).containsExactly("listener old delete", "listener kept update",
					"listener new create");
			assertThat(api.get("/api/lab").body()).isEqualTo(before);
			assertThat(api.get("/api/listeners/new").status()).isEqualTo(404);
		}
	}

	@Test
	void anInvalidLabIsRefusedNamingEveryFieldAndChangesNothing(@TempDir Path dataDir) {
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir)) {
			Api api = Netlab.api(netlab);
			api.createListener("{\"name\": \"present\"}");
			String before = api.get("/api/lab").body();

			Api.Response refused = api.put("/api/lab", "application/json", """
					{"listeners": [{"name": "fine"}, {"name": "bad", "port": 70000}, {"name": "cfg-echo"}],
					 "probeModules": {"slow": {"prober": "tcp", "timeoutMs": -1}},
					 "monitors": [{"name": "m", "module": "nowhere", "target": "127.0.0.1:1"}]}""");

			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().path("errors").valueStream().map(e -> e.path("field").asString()).toList())
				.contains("listeners[1].port", "listeners[2].name", "probeModules.slow.timeoutMs", "monitors[0].module");
			assertThat(api.get("/api/lab").body()).isEqualTo(before);
			assertThat(api.get("/api/listeners/fine").status()).isEqualTo(404);

			Api.Response unreadable = api.put("/api/lab", YAML, "listeners:\n  - name: x\n    port: many\n");
			assertThat(unreadable.status()).isEqualTo(400);
			assertThat(unreadable.json().path("errors").get(0).path("field").asString()).isEqualTo("listeners[0].port");
		}
	}

	@Test
	void aLabThatFailsHalfwayIsUndoneWhole(@TempDir Path dataDir) throws IOException {
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir);
				ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Api api = Netlab.api(netlab);
			api.createListener("{\"name\": \"doomed\"}");
			String before = api.get("/api/lab").body();

			Api.Response failed = api.put("/api/lab", "application/json", """
					{"listeners": [{"name": "first"}, {"name": "second", "port": %d}]}""".formatted(taken.getLocalPort()));

			assertThat(failed.status()).as(failed.body()).isEqualTo(409);
			assertThat(api.get("/api/lab").body()).isEqualTo(before);
			assertThat(api.get("/api/listeners/first").status()).isEqualTo(404);
			assertThat(api.get("/api/listeners/doomed").json().path("state").asString()).isEqualTo("RUNNING");
		}
	}

	@Test
	void theLabFileIsAppliedAtBootAndAgainWhenItChanges(@TempDir Path dataDir) throws IOException {
		Path file = dataDir.resolve("lab.yaml");
		Files.writeString(file, """
				listeners:
				  - name: from-file
				    protocol: udp
				""");
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir, "--netlab.lab.file=" + file,
				"--netlab.lab.check-interval=200ms")) {
			Api api = Netlab.api(netlab);
			assertThat(api.get("/api/listeners/from-file").json().path("state").asString()).isEqualTo("RUNNING");

			Files.writeString(file, """
					listeners:
					  - name: edited
					probeModules:
					  quick: {prober: tcp, timeoutMs: 500}
					""");

			await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/listeners/edited").status() == 200);
			assertThat(api.get("/api/listeners/from-file").status()).isEqualTo(404);
			assertThat(api.get("/api/probe-modules/quick").json().path("source").asString()).isEqualTo("api");
		}
	}

	@Test
	void applyingALabNeedsTheApiTokenWhenOneIsSet(@TempDir Path dataDir) {
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir, "--netlab.api.token=lab-test-token")) {
			Api anonymous = Netlab.api(netlab);

			Api.Response refused = anonymous.put("/api/lab", YAML, "listeners: [{name: sneaky}]\n");

			assertThat(refused.status()).isEqualTo(401);
			assertThat(anonymous.get("/api/listeners/sneaky").status()).isEqualTo(404);
		}
	}

	private static List<String> actions(JsonNode plan) {
		return plan.path("changes")
			.valueStream()
			.map(c -> c.path("kind").asString() + " " + c.path("name").asString() + " " + c.path("action").asString())
			.toList();
	}

}
