package io.netlab.listener;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Lifecycle state of a listener.
 */
public enum ListenerState {

	STARTING, RUNNING, STOPPED, FAILED;

	@JsonValue
	public String wireName() {
		return name();
	}

	@JsonCreator
	public static ListenerState fromWireName(String value) {
		return valueOf(value);
	}

}
