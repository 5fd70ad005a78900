package io.netlab.impair;

import io.netlab.wire.WireNames;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which direction an impairment acts on, as Toxiproxy names them: downstream is towards the
 * client (an echo, or the upstream's reply), upstream is from the client.
 */
public enum ImpairmentStream {

	DOWNSTREAM, UPSTREAM;

	@JsonValue
	public String wireName() {
		return WireNames.of(this);
	}

	@JsonCreator
	public static ImpairmentStream fromWireName(String value) {
		return WireNames.parse(ImpairmentStream.class, "stream", value);
	}

}
