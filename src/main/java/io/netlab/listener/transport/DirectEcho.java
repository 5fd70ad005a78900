package io.netlab.listener.transport;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * How an echo listener answers a frame without a message, where nothing but the echo would be
 * done with one: the transport asks it, on the connection's thread, for a frame that is
 * exactly what one read brought; the listener counts the echo (and samples its event) as its
 * flow would and says yes, or says no and the frame goes through the flow as usual (an
 * impairment is active, say). On yes, the transport writes the read bytes straight back, as the
 * flow's reply would go. Used by the {@code blocking} io mode for raw frames without TLS: there
 * every message costs a thread switch anyway, and the flow's message and dispatch per echo were
 * what kept it behind a hand-written blocking echo server.
 */
@FunctionalInterface
public interface DirectEcho {

	/**
	 * @param attachment what the listener attached to the connection (null if nothing)
	 * @param frame the frame's bytes from position to limit, for reading only and only during
	 * the call
	 * @return true if the listener took the frame as an echo that is now to be written back
	 */
	boolean take(@Nullable Object attachment, ByteBuffer frame);

}
