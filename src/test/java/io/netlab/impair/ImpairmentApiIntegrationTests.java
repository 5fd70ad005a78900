package io.netlab.impair;

import java.nio.file.Path;

import io.netlab.support.Api;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Netlab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native impairments API: impairments in the listener's spec with their defaults, the
 * {@code /impairments} routes, validation naming the field, events, the per-impairment meter,
 * and persistence across a restart.
 */
class ImpairmentApiIntegrationTests extends IntegrationTest {

	@TempDir
	Path dataDir;

	@Test
	void impairmentsInTheSpecAreShownWithTheirDefaultsAndTheSeed() {
		this.api.createListener("""
				{"name": "imp-spec", "protocol": "udp", "seed": 42,
				 "impairments": [{"type": "loss", "attributes": {"probability": 0.25}}]}""");
		JsonNode view = this.api.get("/api/listeners/imp-spec").json();
		assertThat(view.get("seed").asLong()).isEqualTo(42);
		JsonNode loss = view.get("impairments").get(0);
		assertThat(loss.get("name").asText()).isEqualTo("loss_downstream");
		assertThat(loss.get("stream").asText()).isEqualTo("downstream");
		assertThat(loss.get("toxicity").asDouble()).isEqualTo(1.0);
		assertThat(loss.get("attributes").get("probability").asDouble()).isEqualTo(0.25);
		assertThat(view.get("impairmentActions").get("loss_downstream").asLong()).isZero();
	}

	@Test
	void impairmentsAreAddedReadReplacedAndRemoved() {
		this.api.createListener("{\"name\": \"imp-crud\"}");
		Api.Response created = this.api.post("/api/listeners/imp-crud/impairments",
				"{\"name\": \"slow\", \"type\": \"latency\", \"attributes\": {\"latency\": 100}}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.location()).isEqualTo("/api/listeners/imp-crud/impairments/slow");
		assertThat(created.json().get("attributes").get("jitter").asLong()).isZero();
		assertThat(this.api.post("/api/listeners/imp-crud/impairments", "{\"name\": \"slow\", \"type\": \"timeout\"}")
			.status()).isEqualTo(409);
		Api.Response replaced = this.api.put("/api/listeners/imp-crud/impairments/slow",
				"{\"type\": \"latency\", \"stream\": \"upstream\", \"attributes\": {\"latency\": 5}}");
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.json().get("stream").asText()).isEqualTo("upstream");
		assertThat(this.api.get("/api/listeners/imp-crud/impairments/slow").json().get("attributes").get("latency")
			.asLong()).isEqualTo(5);
		assertThat(this.api.get("/api/listeners/imp-crud/impairments").json()).hasSize(1);
		assertThat(this.api.get("/api/listeners/imp-crud").json().get("impairments").get(0).get("name").asText())
			.isEqualTo("slow");
		assertThat(this.api.delete("/api/listeners/imp-crud/impairments/slow").status()).isEqualTo(204);
		assertThat(this.api.get("/api/listeners/imp-crud/impairments/slow").status()).isEqualTo(404);
		assertThat(this.api.delete("/api/listeners/imp-crud/impairments/slow").status()).isEqualTo(404);
		assertThat(this.api.get("/api/listeners/imp-crud/impairments").json()).isEmpty();
	}

	@Test
	void invalidImpairmentsAreRefusedNamingTheField() {
		this.api.createListener("{\"name\": \"imp-bad\", \"framing\": \"line\"}");
		assertProblem(this.api.post("/api/listeners/imp-bad/impairments",
				"{\"type\": \"latency\", \"attributes\": {\"latency\": -1}}"), "attributes.latency");
		assertProblem(this.api.post("/api/listeners/imp-bad/impairments", "{\"type\": \"loss\"}"), "type");
		assertProblem(this.api.post("/api/listeners/imp-bad/impairments",
				"{\"type\": \"latency\", \"attributes\": {\"lag\": 3}}"), "attributes.lag");
		assertProblem(this.api.post("/api/listeners/imp-bad/impairments", "{\"type\": \"slicer\"}"), "type");
		assertProblem(this.api.post("/api/listeners/imp-bad/impairments",
				"{\"type\": \"timeout\", \"toxicity\": 2}"), "toxicity");
		assertProblem(this.api.post("/api/listeners/imp-bad/impairments", "{\"type\": \"slow_close\"}"), "type");
		assertProblem(this.api.post("/api/listeners", """
				{"name": "imp-bad2", "protocol": "udp",
				 "impairments": [{"type": "loss", "attributes": {"probability": 1.5}}]}"""),
				"impairments[0].attributes.probability");
		assertThat(this.api.get("/api/listeners/imp-bad/impairments").json()).isEmpty();
	}

	@Test
	void addingAndRemovingPublishesEventsAndAMeter() {
		this.api.createListener("{\"name\": \"imp-events\", \"protocol\": \"udp\"}");
		this.api.post("/api/listeners/imp-events/impairments",
				"{\"name\": \"drop\", \"type\": \"loss\", \"attributes\": {\"probability\": 1}}");
		String scrape = this.api.get("/actuator/prometheus").body();
		assertThat(scrape).contains(
				"netlab_impairment_actions_total{impairment=\"drop\",listener=\"imp-events\",type=\"loss\"}");
		this.api.delete("/api/listeners/imp-events/impairments/drop");
		assertThat(this.api.get("/actuator/prometheus").body()).doesNotContain("listener=\"imp-events\",type=\"loss\"");
		assertThat(this.api.get("/api/events?type=ImpairmentAdded&listener=imp-events").body()).contains("\"drop\"");
		assertThat(this.api.get("/api/events?type=ImpairmentRemoved&listener=imp-events").body()).contains("\"drop\"");
	}

	@Test
	void impairmentsAndSeedSurviveARestart() {
		try (ConfigurableApplicationContext first = Netlab.start(this.dataDir)) {
			Api api = Netlab.api(first);
			api.createListener("{\"name\": \"imp-kept\", \"protocol\": \"udp\", \"seed\": 7}");
			api.post("/api/listeners/imp-kept/impairments",
					"{\"type\": \"duplicate\", \"attributes\": {\"probability\": 0.5}}");
		}
		try (ConfigurableApplicationContext second = Netlab.start(this.dataDir)) {
			JsonNode view = Netlab.api(second).get("/api/listeners/imp-kept").json();
			assertThat(view.get("seed").asLong()).isEqualTo(7);
			assertThat(view.get("impairments").get(0).get("name").asText()).isEqualTo("duplicate_downstream");
			assertThat(view.get("impairments").get(0).get("attributes").get("probability").asDouble()).isEqualTo(0.5);
		}
	}

	private static void assertProblem(Api.Response response, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"field\":\"" + field + "\"");
	}

}
