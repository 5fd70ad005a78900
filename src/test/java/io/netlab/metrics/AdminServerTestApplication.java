package io.netlab.metrics;

import de.codecentric.boot.admin.server.config.EnableAdminServer;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A real Spring Boot Admin server for tests, started beside netlab in the same JVM.
 * <p>
 * Deliberately not a {@code @Configuration} or {@code @SpringBootApplication}: netlab's
 * component scan covers {@code io.netlab}, and only annotated components are picked up, so
 * netlab never becomes an Admin server; and this context scans nothing, so it gets none of
 * netlab's beans. Its settings are {@code admin-server/application.yml} on the test classpath.
 */
@EnableAutoConfiguration
@EnableAdminServer
class AdminServerTestApplication {

}
