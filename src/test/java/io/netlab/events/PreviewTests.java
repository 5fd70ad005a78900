package io.netlab.events;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escaped payload preview of message events.
 */
class PreviewTests {

	@Test
	void printableAsciiStaysAndEverythingElseIsEscaped() {
		byte[] payload = "a\\b\tc\r\n\u00e9".getBytes(StandardCharsets.UTF_8);
		assertThat(Preview.of(payload)).isEqualTo("a\\\\b\\tc\\r\\n\\xc3\\xa9");
		assertThat(Preview.of(new byte[] { 0, 0x7f, (byte) 0xff })).isEqualTo("\\x00\\x7f\\xff");
	}

	@Test
	void showsAtMostTheFirst64Bytes() {
		assertThat(Preview.of("x".repeat(1000).getBytes(StandardCharsets.US_ASCII))).isEqualTo("x".repeat(64));
	}

}
