package io.netlab.listener;

import io.netlab.wire.WireNames;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a listener was declared: in {@code application.yml} or over the API.
 */
public enum ListenerSource {

	CONFIG, API;

	@JsonValue
	public String wireName() {
		return WireNames.of(this);
	}

}
