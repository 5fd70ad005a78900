package io.netlab.hardening;

import io.netlab.support.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits issue 11 adds, as a user reads them back: {@code GET /api/listeners/{name}} shows
 * every default ({@code frameTimeoutMs} and {@code writeStallTimeoutMs} 30 s, {@code idleTimeoutMs}
 * 300 s, the UDP {@code maxBytesPerSecondPerSource} off) and every value chosen.
 */
@Tag("adversarial")
class HardeningLimitsIntegrationTests extends IntegrationTest {

	@Test
	void tcpLimitsShowTheirDefaults() {
		JsonNode limits = limitsOf("defaults-tcp", "{}");
		assertThat(limits.path("frameTimeoutMs").asLong()).as("frameTimeoutMs in %s", limits).isEqualTo(30000);
		assertThat(limits.path("writeStallTimeoutMs").asLong()).as("writeStallTimeoutMs in %s", limits).isEqualTo(30000);
		assertThat(limits.path("idleTimeoutMs").asLong()).as("idleTimeoutMs in %s", limits).isEqualTo(300000);
	}

	@Test
	void tcpLimitsShowTheValuesChosen() {
		JsonNode limits = limitsOf("chosen-tcp", """
				{"frameTimeoutMs": 500, "writeStallTimeoutMs": 1000, "idleTimeoutMs": 700}""");
		assertThat(limits.path("frameTimeoutMs").asLong()).as("frameTimeoutMs in %s", limits).isEqualTo(500);
		assertThat(limits.path("writeStallTimeoutMs").asLong()).as("writeStallTimeoutMs in %s", limits).isEqualTo(1000);
		assertThat(limits.path("idleTimeoutMs").asLong()).as("idleTimeoutMs in %s", limits).isEqualTo(700);
	}

	@Test
	void udpByteRateIsOffByDefaultAndShowsTheValueChosen() {
		JsonNode off = limitsOf("defaults-udp", "udp", "{}");
		assertThat(off.path("maxBytesPerSecondPerSource").isMissingNode() || off.path("maxBytesPerSecondPerSource").isNull())
			.as("maxBytesPerSecondPerSource absent or null in %s", off)
			.isTrue();
		JsonNode chosen = limitsOf("chosen-udp", "udp", """
				{"maxBytesPerSecondPerSource": 5000}""");
		assertThat(chosen.path("maxBytesPerSecondPerSource").asLong()).as("maxBytesPerSecondPerSource in %s", chosen)
			.isEqualTo(5000);
	}

	private JsonNode limitsOf(String name, String limits) {
		return limitsOf(name, "tcp", limits);
	}

	/** Create a listener with these limits and read its limits back as the API shows them. */
	private JsonNode limitsOf(String name, String protocol, String limits) {
		this.api.createListener("""
				{"name": "%s", "protocol": "%s", "limits": %s}""".formatted(name, protocol, limits));
		return Aftermath.spec(this.api.get("/api/listeners/" + name).json()).path("limits");
	}

}
