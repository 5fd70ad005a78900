package io.netlab.wire;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Cuts frames out of received bytes in bulk. One instance per connection, used by one thread
 * at a time; it may remember how far it scanned so that a frame arriving in pieces is not
 * scanned again from the start. It never allocates more than the frame it returns, and it
 * fails as soon as the bytes show that the frame cannot fit the limit (a length header over
 * it, or no terminator within it), so a peer cannot make it wait for, or buffer, more.
 */
public interface FrameDecoder {

	/**
	 * Take the next complete frame from {@code in} (in read mode), advancing its position past
	 * the frame; if no complete frame is there, leave the position as it was and return null.
	 * @throws FramingException if the bytes can never form a frame within the limit
	 */
	byte @Nullable [] decode(ByteBuffer in) throws FramingException;

}
