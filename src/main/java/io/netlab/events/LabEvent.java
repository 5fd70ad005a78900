package io.netlab.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened in the lab, named in the past tense. Producers (listeners, probes)
 * publish these as Spring application events; consumers (metrics, the recent-events buffer, the
 * live feed) listen. In JSON each carries its {@code type} (the record's simple name) first.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface LabEvent permits ListenerCreated, ListenerChanged, ListenerDeleted, ListenerStarted,
		ListenerStopped, ListenerFailed, ConnectionOpened, ConnectionClosed, ConnectionRejected, MessageReceived,
		DatagramReceived, ProbeCompleted, LoadRunProgressed, MonitorStateChanged, MeshPeerDown, MeshPeerUp,
		ImpairmentAdded, ImpairmentRemoved {

	/** When it happened. */
	Instant at();

	/** The name of the listener it happened to; null for a probe of a host that is no listener, or a monitor. */
	@Nullable String listener();

	/** The event's type as shown in JSON: the record's simple name. */
	default String type() {
		return getClass().getSimpleName();
	}

}
