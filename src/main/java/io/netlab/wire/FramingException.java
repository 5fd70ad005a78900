package io.netlab.wire;

import java.io.IOException;

/**
 * A peer broke the listener's framing: a frame bigger than the limit (known from its header or
 * from a terminator that did not come in time), or bytes that are not a frame at all. The
 * connection that sent it is closed; the listener keeps serving everyone else.
 */
public class FramingException extends IOException {

	private final boolean tooLarge;

	private FramingException(String message, boolean tooLarge) {
		super(message);
		this.tooLarge = tooLarge;
	}

	static FramingException tooLarge(long size, int max) {
		return new FramingException("frame of " + size + " bytes exceeds maxMessageBytes " + max, true);
	}

	static FramingException noTerminator(int max) {
		return new FramingException("no terminator within maxMessageBytes " + max, true);
	}

	static FramingException malformed(String message) {
		return new FramingException(message, false);
	}

	/** True when the frame was too big, false when it was malformed. */
	public boolean isTooLarge() {
		return this.tooLarge;
	}

}
