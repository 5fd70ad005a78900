package io.netlab.blackbox;

import java.nio.file.Files;
import java.nio.file.Path;

import io.netlab.support.Api;
import io.netlab.support.Netlab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/probe-modules} on netlabs of the test's own: modules from configuration and over
 * the API, validation naming the field, built-in modules that cannot change, and API modules
 * that outlive a restart.
 */
class ProbeModuleApiIntegrationTests {

	@Test
	void apiModuleIsStoredAtomicallyAndComesBackAfterRestart(@TempDir Path dataDir) {
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir)) {
			Api api = Netlab.api(netlab);
			Api.Response created = api.put("/api/probe-modules/redis_ping", """
					{"prober": "tcp", "payload": "PING\\r\\n", "expect": "^\\\\+PONG", "timeoutMs": 1500}""");
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			assertThat(created.location()).isEqualTo("/api/probe-modules/redis_ping");
			assertThat(api.put("/api/probe-modules/redis_ping", "{\"prober\": \"tcp\", \"timeoutMs\": 900}").status())
				.isEqualTo(200);
			assertThat(Files.exists(dataDir.resolve(ModuleRegistry.FILE_NAME))).isTrue();
			assertThat(Files.exists(dataDir.resolve(ModuleRegistry.FILE_NAME + ".tmp"))).isFalse();
		}
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir)) {
			Api api = Netlab.api(netlab);
			Api.Response module = api.get("/api/probe-modules/redis_ping");
			assertThat(module.status()).isEqualTo(200);
			assertThat(module.json().path("source").asString()).isEqualTo("api");
			assertThat(module.json().path("timeoutMs").asLong()).isEqualTo(900);
			assertThat(api.delete("/api/probe-modules/redis_ping").status()).isEqualTo(204);
			assertThat(api.get("/api/probe-modules/redis_ping").status()).isEqualTo(404);
		}
	}

	@Test
	void configuredAndBuiltInModulesAreListedAndCannotBeChanged(@TempDir Path dataDir) {
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir, "--netlab.probe.modules.ssh_banner.prober=tcp",
				"--netlab.probe.modules.ssh_banner.expect=^SSH-2.0-")) {
			Api api = Netlab.api(netlab);
			assertThat(api.get("/api/probe-modules").json().findValuesAsString("name")).contains("tcp_connect",
					"tcp_echo", "tls_connect", "udp_echo", "udp_loss", "dns", "ssh_banner");
			assertThat(api.get("/api/probe-modules/ssh_banner").json().path("source").asString()).isEqualTo("config");
			assertThat(api.get("/api/probe-modules/tcp_connect").json().path("source").asString()).isEqualTo("builtin");

			assertThat(api.put("/api/probe-modules/tcp_connect", "{\"prober\": \"udp\"}").status()).isEqualTo(409);
			assertThat(api.delete("/api/probe-modules/ssh_banner").status()).isEqualTo(409);
		}
	}

	@Test
	void invalidModuleIs400NamingEachField(@TempDir Path dataDir) {
		try (ConfigurableApplicationContext netlab = Netlab.start(dataDir)) {
			Api api = Netlab.api(netlab);

			Api.Response response = api.put("/api/probe-modules/Bad%20Name", """
					{"prober": "udp_loss", "payload": "short", "ratePerSecond": -1, "insecure": true, "expect": "("}""");

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().path("errors").findValuesAsString("field")).contains("name", "payload",
					"ratePerSecond", "insecure", "expect");
			assertThat(api.put("/api/probe-modules/x", "{}").json().path("errors").findValuesAsString("field"))
				.containsExactly("prober");
			assertThat(api.put("/api/probe-modules/x", "{\"prober\": \"icmp\"}").status()).isEqualTo(400);
		}
	}

}
