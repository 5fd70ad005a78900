package io.netlab.events;

/**
 * What the WebSocket meters read: the sessions open on both endpoints, those refused over a
 * cap, and those closed for not taking their frames or for silence.
 */
public interface WebSocketStats {

	int sessions();

	long sessionsRefused();

	long sessionsClosedSlow();

	long sessionsClosedIdle();

}
