package io.netlab.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a TCP listener cuts the byte stream into messages.
 */
public enum Framing {

	/** No framing: whatever one read returns is a message (RFC 862 echo). */
	RAW,
	/** Lines ended by LF; a CR before the LF is tolerated and stripped. */
	LINE,
	/** Lines ended by CRLF. */
	CRLF,
	/** STX (0x02), payload, ETX (0x03). */
	STX_ETX,
	/** A big-endian length header of 1, 2 or 4 bytes, then the payload. */
	LENGTH_PREFIX;

	@JsonValue
	public String wireName() {
		return WireNames.of(this);
	}

	@JsonCreator
	public static Framing fromWireName(String value) {
		return WireNames.parse(Framing.class, "framing", value);
	}

}
