package io.netlab.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;

/**
 * The first frame of every {@code /ws/events} subscription: from here on the subscriber gets
 * every matching event, so a client can wait for it before it makes something happen. Not a
 * {@link LabEvent}: nothing happened in the lab.
 *
 * @param listener the listener filter, if any
 * @param types the type filter, if any
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
record Subscribed(Instant at, @Nullable String listener, @Nullable String types) {
}
