package io.netlab.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Told to one WebSocket subscriber: it did not keep up, and this many events were not sent to it.
 * Not a {@link LabEvent}: nothing happened in the lab, only in that subscriber's feed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
record EventsDropped(Instant at, long count) {
}
