package io.netlab.listener.transport;

/**
 * Told when a peer half-closes a connection (its FIN) on a listener that relays: the
 * connection then stays open for what is still to be sent to it, and the listener closes it.
 * Without one, a half-closed connection is closed once its queued replies are written.
 */
@FunctionalInterface
public interface HalfCloseListener {

	/** Runs on the connection's reading thread; must not block. */
	void halfClosed(String connectionId);

}
