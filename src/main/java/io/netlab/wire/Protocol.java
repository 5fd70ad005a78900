package io.netlab.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Transport protocol of a listener.
 */
public enum Protocol {

	TCP, UDP;

	@JsonValue
	public String wireName() {
		return WireNames.of(this);
	}

	@JsonCreator
	public static Protocol fromWireName(String value) {
		return WireNames.parse(Protocol.class, "protocol", value);
	}

}
