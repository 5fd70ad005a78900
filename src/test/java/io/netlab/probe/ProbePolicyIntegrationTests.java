package io.netlab.probe;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The target policy with allowed targets that exclude loopback: a name that resolves to a
 * loopback address is denied, and so is a listener on loopback, before any connection is made.
 */
@ProbeIntegrationTest
@TestPropertySource(properties = "netlab.probes.allowed-targets=10.0.0.0/8")
class ProbePolicyIntegrationTests {

	@LocalServerPort
	int httpPort;

	@Test
	void nameThatResolvesToAnAddressOutsideAllowedTargetsIsDenied() {
		Api.Response response = new Api(this.httpPort).post("/api/probes", """
				{"protocol": "tcp", "host": "localhost", "port": 7, "payload": "x"}""");

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().path("rule").asString()).isEqualTo("allowed-targets");
		assertThat(response.body().path("detail").asString()).contains("localhost (127.0.0.1)", "10.0.0.0/8");
	}

	@Test
	void listenerOnLoopbackIsDeniedToo() {
		Api.Response response = new Api(this.httpPort).post("/api/probes", """
				{"listener": "echo-raw", "payload": "x"}""");

		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void loadRunToDeniedTargetIsDeniedBeforeItStarts() {
		Api.Response response = new Api(this.httpPort).post("/api/probes", """
				{"protocol": "udp", "host": "127.0.0.1", "port": 7, "payload": "x", "count": 10}""");

		assertThat(response.status()).isEqualTo(403);
	}

}
