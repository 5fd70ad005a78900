package io.netlab.adminserver;

import de.codecentric.boot.admin.server.config.EnableAdminServer;
import de.codecentric.boot.admin.server.web.client.HttpHeadersProvider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;

/**
 * The Spring Boot Admin server of the compose stack: netlab registers with it and it shows
 * netlab's health, metrics, loggers and the other Actuator endpoints netlab exposes. It sends
 * netlab's API token ({@code NETLAB_API_TOKEN}) with every request to netlab, which needs it for
 * every Actuator endpoint beyond health, info and prometheus.
 */
@SpringBootApplication
@EnableAdminServer
public class AdminServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AdminServerApplication.class, args);
	}

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
