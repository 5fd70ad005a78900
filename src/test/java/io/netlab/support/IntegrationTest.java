package io.netlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole service on a random HTTP port with a private data
 * directory. The application context is shared between test classes; each test deletes the
 * listeners it created over the API afterwards instead of dirtying the context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

	private static final Path DATA_DIR = createDataDir();

	@LocalServerPort
	protected int httpPort;

	protected Api api;

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("netlab.data-dir", DATA_DIR::toString);
	}

	@BeforeEach
	void setUpApi() {
		this.api = newApi();
	}

	/** The API client the tests use; a subclass running with a token returns one that sends it. */
	protected Api newApi() {
		return new Api(this.httpPort);
	}

	@AfterEach
	void deleteApiListeners() {
		for (JsonNode listener : this.api.get("/api/listeners").json()) {
			if ("api".equals(listener.get("source").asText())) {
				this.api.delete("/api/listeners/" + listener.get("name").asText());
			}
		}
	}

	private static Path createDataDir() {
		try {
			Files.createDirectories(Path.of("target"));
			return Files.createTempDirectory(Path.of("target"), "test-data-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
