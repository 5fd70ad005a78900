package io.netlab.listener;

import io.netlab.wire.WireNames;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Server design of a TCP listener: a selector loop, or a thread per connection.
 */
public enum IoMode {

	NIO, BLOCKING;

	@JsonValue
	public String wireName() {
		return WireNames.of(this);
	}

	@JsonCreator
	public static IoMode fromWireName(String value) {
		return WireNames.parse(IoMode.class, "io", value);
	}

}
