package io.netlab.listener.transport;

import java.io.IOException;

/**
 * A peer broke the listener's framing: a frame bigger than the limit, or bytes that are not a
 * frame at all. The connection that sent it is closed; the listener keeps serving everyone else.
 */
public class FramingException extends IOException {

	private final boolean oversize;

	private FramingException(String message, boolean oversize) {
		super(message);
		this.oversize = oversize;
	}

	static FramingException oversize(long size, int max) {
		return new FramingException("frame of " + size + " bytes exceeds maxMessageBytes " + max, true);
	}

	static FramingException noTerminator(int max) {
		return new FramingException("no terminator within maxMessageBytes " + max, true);
	}

	static FramingException malformed(String message) {
		return new FramingException(message, false);
	}

	/** True when the frame was too big, false when it was malformed. */
	public boolean isOversize() {
		return this.oversize;
	}

}
