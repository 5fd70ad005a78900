package io.netlab.events;

/**
 * What the live feed's meters read: how many WebSocket clients follow it, and how many events
 * those that did not keep up missed.
 */
public interface EventFeedStats {

	int subscribers();

	long eventsDropped();

}
