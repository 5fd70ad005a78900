package io.netlab.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.netlab.NetlabApplication;
import io.netlab.listener.ListenerService;
import io.netlab.support.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * netlab, with an API token, registers with a real Spring Boot Admin server (started first, in
 * the same JVM) and shows there as UP with its listeners; the Admin server reads the
 * token-protected endpoints with the token; neither application gets the other's beans.
 */
class AdminServerRegistrationIntegrationTests {

	private static ConfigurableApplicationContext adminServer;

	private static ConfigurableApplicationContext netlab;

	private static final String TOKEN = "admin-token-2d8e";

	private static Api admin;

	@BeforeAll
	static void startAdminServerThenNetlab(@TempDir Path dataDir) {
		// command-line arguments outrank the spring.config.location system property that
		// surefire sets for netlab's tests, so each application reads only its own files
		adminServer = new SpringApplicationBuilder(AdminServerTestApplication.class)
			.main(AdminServerTestApplication.class)
			.run("--spring.config.location=classpath:/admin-server/", "--NETLAB_API_TOKEN=" + TOKEN);
		int adminPort = port(adminServer);
		admin = new Api(adminPort);
		netlab = new SpringApplicationBuilder(NetlabApplication.class).main(NetlabApplication.class)
			.run("--spring.config.location=classpath:/,classpath:/config/", "--server.port=0",
					"--netlab.data-dir=" + dataDir, "--netlab.api.token=" + TOKEN,
					"--spring.boot.admin.client.enabled=true",
					"--spring.boot.admin.client.url=http://127.0.0.1:" + adminPort,
					// register as 127.0.0.1, the address netlab binds, not a host name that
					// may resolve to ::1 first
					"--spring.boot.admin.client.instance.service-host-type=IP");
	}

	@AfterAll
	static void stopNetlabThenAdminServer() {
		if (netlab != null) {
			netlab.close();
		}
		if (adminServer != null) {
			adminServer.close();
		}
	}

	@Test
	void netlabRegistersWithTheAdminServerAndIsUp() {
		String netlabUrl = "http://127.0.0.1:" + port(netlab);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			JsonNode instance = netlabInstance();
			assertThat(instance.path("registration").path("serviceUrl").asText()).startsWith(netlabUrl);
			assertThat(instance.path("registration").path("healthUrl").asText())
				.isEqualTo(netlabUrl + "/actuator/health");
			assertThat(instance.path("statusInfo").path("status").asText()).as(instance.toString()).isEqualTo("UP");
		});
	}

	@Test
	void theAdminServerSeesTheListenersInNetlabsHealthAndTheEndpointsItExposes() {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			JsonNode instance = netlabInstance();
			// the Admin server keeps netlab's health components as the status details
			JsonNode health = instance.path("statusInfo").path("details");
			assertThat(health.path("listeners").path("components").path("cfg-echo").path("status").asText())
				.as(health.toString())
				.isEqualTo("UP");
			List<String> endpoints = instance.path("endpoints").valueStream().map(e -> e.path("id").asText()).toList();
			assertThat(endpoints).contains("health", "info", "metrics", "prometheus", "loggers", "threaddump")
				.doesNotContain("heapdump", "shutdown");
		});
	}

	@Test
	void theAdminServerReadsTokenProtectedEndpointsWithTheToken() {
		String id = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> netlabInstance().path("id").asText(), value -> !value.isEmpty());
		assertThat(new Api(port(netlab)).get("/actuator/env").status()).isEqualTo(401);
		Api.Response env = admin.get("/instances/" + id + "/actuator/env");
		assertThat(env.status()).as(env.body()).isEqualTo(200);
		assertThat(env.body()).contains("propertySources");
	}

	@Test
	void neitherApplicationGetsTheOthersBeans() {
		// the Admin server's auto-configuration is conditional on @EnableAdminServer; this
		// checks that having it on the test classpath changes nothing in netlab
		assertThat(beanTypes(netlab)).noneMatch(type -> type.startsWith("de.codecentric.boot.admin.server"));
		assertThat(beanTypes(netlab)).anyMatch(type -> type.startsWith("de.codecentric.boot.admin.client"));
		assertThat(adminServer.getBeanNamesForType(ListenerService.class)).isEmpty();
		// the test application itself and its token header provider
		assertThat(beanTypes(adminServer)).filteredOn(type -> type.startsWith("io.netlab."))
			.contains(AdminServerTestApplication.class.getName())
			.allMatch(type -> type.startsWith(AdminServerTestApplication.class.getName()));
	}

	private static JsonNode netlabInstance() {
		Api.Response response = admin.get("/instances");
		assertThat(response.status()).isEqualTo(200);
		JsonNode instances = response.json();
		assertThat(instances.valueStream().map(i -> i.path("registration").path("name").asText()))
			.containsExactly("netlab");
		return instances.get(0);
	}

	private static List<String> beanTypes(ConfigurableApplicationContext context) {
		return Arrays.stream(context.getBeanDefinitionNames())
			.map(context.getBeanFactory()::getType)
			.filter(type -> type != null)
			.map(Class::getName)
			.toList();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
