package io.netlab.listener.transport;

import java.io.IOException;

/**
 * Why the transport closed a connection that broke one of its limits, or that its own code
 * failed on. The listener turns the kind into the close reason it counts and reports.
 */
public final class ConnectionFailure extends IOException {

	/** What the connection did. */
	public enum Kind {

		/** No read or write for longer than the idle timeout. */
		IDLE,
		/** A frame started but was not complete within the frame timeout. */
		FRAME_TIMEOUT,
		/** The peer did not read its replies: the write queue stayed over its mark too long. */
		SLOW_CONSUMER,
		/** netlab's own code failed on this connection (a bug or an Error such as out of memory). */
		INTERNAL

	}

	private final Kind kind;

	ConnectionFailure(Kind kind, String message, @org.jspecify.annotations.Nullable Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

}
