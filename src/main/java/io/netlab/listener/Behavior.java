package io.netlab.listener;

import io.netlab.wire.WireNames;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a listener does with what it receives.
 */
public enum Behavior {

	/** RFC 862: send back exactly what was received. */
	ECHO,
	/** RFC 863: read and count, never reply. */
	DISCARD,
	/** A proxy: relay every TCP connection to {@code upstream} and back. */
	FORWARD;

	@JsonValue
	public String wireName() {
		return WireNames.of(this);
	}

	@JsonCreator
	public static Behavior fromWireName(String value) {
		return WireNames.parse(Behavior.class, "behavior", value);
	}

}
