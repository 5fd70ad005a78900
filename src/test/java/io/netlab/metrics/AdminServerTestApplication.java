package io.netlab.metrics;

import de.codecentric.boot.admin.server.config.EnableAdminServer;
import de.codecentric.boot.admin.server.web.client.HttpHeadersProvider;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;

/**
 * A real Spring Boot Admin server for tests, started beside netlab in the same JVM.
 * <p>
 * Deliberately not a {@code @Configuration} or {@code @SpringBootApplication}: netlab's
 * component scan covers {@code io.netlab}, and only annotated components are picked up, so
 * netlab never becomes an Admin server; and this context scans nothing, so it gets none of
 * netlab's beans. Its settings are {@code admin-server/application.yml} on the test classpath.
 * Like the compose stack's Admin server, it sends netlab's API token ({@code NETLAB_API_TOKEN})
 * with every request to netlab, so that the token-protected Actuator views work.
 */
@EnableAutoConfiguration
@EnableAdminServer
class AdminServerTestApplication {

	@Bean
	HttpHeadersProvider netlabToken(Environment environment) {
		String token = environment.getProperty("NETLAB_API_TOKEN");
		return instance -> {
			HttpHeaders headers = new HttpHeaders();
			if (token != null && !token.isBlank()) {
				headers.setBearerAuth(token);
			}
			return headers;
		};
	}

}
