package io.netlab.blackbox;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a probe module probes its target; a closed set, as blackbox_exporter's {@code prober}. */
public enum Prober {

	/** Connect over TCP; with a payload, send it and read the reply (blackbox {@code tcp}). */
	TCP,
	/** Connect and hand-shake TLS; optionally send and read (blackbox {@code tcp} with {@code tls: true}). */
	TLS,
	/** One datagram, one reply. */
	UDP,
	/** A short stamped UDP run: loss, duplicates, reordering, jitter, round-trip percentiles. */
	UDP_LOSS,
	/** Resolve the target name with netlab's resolver. */
	DNS;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
