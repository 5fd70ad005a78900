package io.netlab.mesh;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The paths the mesh probes to each peer. */
enum MeshProtocol {

	TCP, UDP, TLS;

	@JsonValue
	String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
