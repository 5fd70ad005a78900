package io.netlab.listener.transport;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Cuts frames out of received bytes in bulk. One instance per connection, used by one thread
 * at a time; it may remember how far it scanned so that a frame arriving in pieces is not
 * scanned again from the start.
 */
public interface FrameDecoder {

	/**
	 * Take the next complete frame from {@code in} (in read mode), advancing its position past
	 * the frame; if no complete frame is there, leave the position as it was and return null.
	 * @throws FramingException if the bytes can never form a frame within the limit
	 */
	byte @Nullable [] decode(ByteBuffer in) throws FramingException;

	/**
	 * How many bytes the buffer must be able to hold for the frame that starts at its position
	 * (at least what is there plus one), so that the transport can grow it before reading more.
	 */
	int capacityNeeded(ByteBuffer in);

}
