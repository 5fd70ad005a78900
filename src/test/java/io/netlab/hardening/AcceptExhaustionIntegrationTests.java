package io.netlab.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.netlab.support.Api;
import io.netlab.support.Prometheus;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finding 3 of issue 11: with the process at its file-descriptor limit, the accept loop died on
 * the first {@code EMFILE}; once the connections that filled the table closed, no new client was
 * ever served, and health said UP throughout. Accept failures must back off and retry, be
 * counted ({@code netlab_accept_errors_total}), and a listener that cannot accept for 5 s must
 * report {@code OUT_OF_SERVICE} with the reason, then UP again once it accepts.
 * <p>
 * The netlab under attack runs in a child JVM under {@code prlimit} (util-linux), so that the
 * JVM running the tests keeps its descriptors.
 */
@Tag("adversarial")
class AcceptExhaustionIntegrationTests {

	private static final int MAX_OPEN_FILES = 600;

	/** Connections past the descriptor limit: they wait in the listener's backlog (64). */
	private static final int WAITING = 20;

	private static final String LISTENER = "exhausted";

	private final List<Socket> hogs = new ArrayList<>();

	private ChildNetlab child;

	@AfterEach
	void closeEverything() {
		closeHogs();
		if (this.child != null) {
			this.child.close();
		}
	}

	@Test
	void acceptLoopOutlivesRunningOutOfFileDescriptorsAndHealthTellsTheTruth() throws Exception {
		Files.createDirectories(Path.of("target"));
		this.child = ChildNetlab.start(Files.createTempDirectory(Path.of("target"), "emfile-"), MAX_OPEN_FILES);
		Api.Response created = this.child.post("/api/listeners", """
				{"name": "%s", "framing": "line", "options": {"backlog": 64},
				 "limits": {"maxConnections": 100000, "maxConnectionsPerSource": 100000}}""".formatted(LISTENER));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		int port = created.json().get("boundPort").asInt();
		assertThat(Aftermath.freshClientsServed(port, false, "line", 4, 1)).as("served before the attack").isEqualTo(1);

		int free = MAX_OPEN_FILES - this.child.openFileDescriptors();
		assertThat(free).as("descriptors the child has left to take").isGreaterThan(WAITING);
		for (int i = 0; i < free + WAITING; i++) {
			this.hogs.add(Clients.plain(port, 1000));
		}

		SoftAssertions softly = new SoftAssertions();
		JsonNode exhausted = awaitHealth("OUT_OF_SERVICE", Duration.ofSeconds(15));
		softly.assertThat(exhausted.path("status").asText())
			.as("health of the listener while it cannot accept (child log: %s): %s", this.child.log(), exhausted)
			.isEqualTo("OUT_OF_SERVICE");
		softly.assertThat(exhausted.path("details").path("reason").asText())
			.as("the reason detail of %s", exhausted)
			.isNotBlank();
		String scrape = this.child.get("/actuator/prometheus").body();
		softly.assertThat(Prometheus.sample(scrape, "netlab_accept_errors_total", "listener=\"" + LISTENER + "\"",
				"reason=\"too-many-open-files\""))
			.as("netlab_accept_errors_total{listener=\"%s\",reason=\"too-many-open-files\"}", LISTENER)
			.isNotNull()
			.isGreaterThan(0.0);

		closeHogs();
		softly.assertThat(Aftermath.freshClientsServed(port, false, "line", 4, Aftermath.FRESH_CLIENTS))
			.as("new clients served once the descriptors are free again (child log: %s)", this.child.log())
			.isEqualTo(Aftermath.FRESH_CLIENTS);
		softly.assertThat(awaitHealth("UP", Duration.ofSeconds(10)).path("status").asText())
			.as("health once it accepts again")
			.isEqualTo("UP");
		softly.assertAll();
	}

	/** Wait for this health status of the listener; returns the last health seen either way. */
	private JsonNode awaitHealth(String status, Duration within) {
		AtomicReference<JsonNode> last = new AtomicReference<>(MissingNode.getInstance());
		try {
			await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> {
				try {
					last.set(this.child.get("/actuator/health/listeners/" + LISTENER).json());
				}
				catch (RuntimeException ex) {
					// no answer over the kept connection: look again
				}
				return status.equals(last.get().path("status").asText());
			});
		}
		catch (ConditionTimeoutException ex) {
			// the caller's soft assertion reports what was seen
		}
		return last.get();
	}

	private void closeHogs() {
		for (Socket hog : this.hogs) {
			try {
				hog.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		this.hogs.clear();
	}

}
