package io.netlab.events;

import java.time.Instant;

/**
 * Something that happened in the lab, named in the past tense. Producers (listeners, probes)
 * publish these as Spring application events; consumers (metrics, the live feed) listen.
 */
public sealed interface LabEvent permits ListenerCreated, ListenerChanged, ListenerDeleted, ListenerStarted,
		ListenerStopped, ListenerFailed {

	/** When it happened. */
	Instant at();

	/** The name of the listener it happened to. */
	String listener();

	/** The event's type as shown in JSON: the record's simple name. */
	default String type() {
		return getClass().getSimpleName();
	}

}
