package io.netlab.probe;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A user sends a probe whose {@code expect} pattern backtracks catastrophically in a
 * backtracking engine: netlab matches in linear time and answers at once; patterns that need
 * backtracking (back-references, look-around) are refused up front, naming the field.
 */
@ProbeIntegrationTest
class RegexExpectIntegrationTests {

	/** 39 a's and one byte that makes every way of splitting them fail. */
	private static final String REPLY = "a".repeat(39) + "!";

	@LocalServerPort
	int httpPort;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.httpPort);
	}

	@Test
	void catastrophicPatternIsMatchedInUnderASecond() {
		// the first request of a fresh context initializes the web stack: not what is measured here
		this.api.probe("""
				{"listener": "echo-line", "payload": "warm up"}""");
		JsonNode result = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> this.api.probe("""
				{"listener": "echo-line", "payload": "%s", "expect": "regex:(.*a){8}$"}""".formatted(REPLY)));

		assertThat(result.path("success").asBoolean()).isFalse();
		assertThat(result.path("error").asString()).isEqualTo("mismatch");
		assertThat(result.path("reply").asString()).isEqualTo(REPLY);
		// and netlab is not still busy with it: the next probe answers as fast
		JsonNode next = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> this.api.probe("""
				{"listener": "echo-line", "payload": "aaaa", "expect": "regex:(.*a){2}$"}"""));
		assertThat(next.path("success").asBoolean()).as(next.toString()).isTrue();
	}

	@Test
	void loadRunWithThePatternFinishesInTime() {
		JsonNode run = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> this.api.post("/api/probes", """
				{"listener": "echo-line", "payload": "%s", "expect": "regex:(.*a){8}$", "count": 200,
				 "concurrency": 2}""".formatted(REPLY)).body());

		assertThat(run.toString()).contains("mismatch");
	}

	@Test
	void patternsThatNeedBacktrackingAreRefusedNamingTheField() {
		for (String pattern : new String[] { "(a)\\\\1", "a(?=b)", "(?<!x)a" }) {
			Api.Response response = this.api.post("/api/probes", """
					{"listener": "echo-line", "payload": "ab", "expect": "regex:%s"}""".formatted(pattern));

			assertThat(response.status()).as(pattern).isEqualTo(400);
			assertThat(response.body().path("errors").findValuesAsString("field")).as(pattern).containsExactly("expect");
		}
	}

}
