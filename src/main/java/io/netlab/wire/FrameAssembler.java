package io.netlab.wire;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * The one bounded buffer strategy of every TCP path: cuts frames out of what a connection
 * received and keeps only the start of a frame that has not fully arrived. Frames are cut
 * straight from the read buffer the caller passes; only a partial frame is copied out, into a
 * buffer that grows with the bytes actually received (never to a size a peer announced) and
 * never beyond {@code maxFrameBytes} plus one read. An idle connection holds no buffer.
 * <p>
 * Use: {@link #receive} what one read brought, then call {@link #next} until it returns null;
 * the read buffer can be reused after that. One thread at a time.
 */
public final class FrameAssembler {

	/** Changed only by {@link #handOver}. */
	private FrameDecoder decoder;

	/** The most a partial frame can hold, plus one read's worth of the frames after it. */
	private final int maxRetained;

	/** The start of a frame that has not fully arrived, in read mode; null when there is none. */
	private @Nullable ByteBuffer partial;

	/** What {@link #next} decodes from: the partial frame, or the caller's read buffer. */
	private @Nullable ByteBuffer current;

	/** When the partial frame started to arrive (System.nanoTime()). */
	private long partialSince;

	FrameAssembler(FrameDecoder decoder, int maxFrameBytes, int readBufferBytes) {
		this(decoder, maxFrameBytes + readBufferBytes);
	}

	private FrameAssembler(FrameDecoder decoder, int maxRetained) {
		this.decoder = decoder;
		this.maxRetained = maxRetained;
	}

	/** Take what one read brought ({@code received} in read mode, valid until {@link #next} returns null). */
	public void receive(ByteBuffer received) {
		ByteBuffer held = this.partial;
		if (held == null) {
			this.current = received;
			return;
		}
		if (held.position() > 0) {
			held.compact().flip();
		}
		int needed = held.remaining() + received.remaining();
		if (needed > held.capacity()) {
			// grow with what arrived: at most twice what is held now, never past the bound
			ByteBuffer grown = ByteBuffer.allocate(Math.max(needed, Math.min(2 * needed, this.maxRetained)));
			held = grown.put(held);
		}
		else {
			held.position(held.limit()).limit(held.capacity());
		}
		held.put(received).flip();
		this.partial = held;
		this.current = held;
	}

	/**
	 * The next complete frame, or null when the rest is only the start of one (which is kept,
	 * and the read buffer given to {@link #receive} is no longer referenced).
	 * @throws FramingException if the peer broke the framing; the connection must be closed
	 */
	public byte @Nullable [] next() throws FramingException {
		ByteBuffer in = this.current;
		if (in == null) {
			return null;
		}
		if (in.hasRemaining()) {
			byte[] frame = this.decoder.decode(in);
			if (frame != null) {
				if (in == this.partial) {
					this.partialSince = 0;
				}
				return frame;
			}
		}
		keepRest(in);
		return null;
	}

	private void keepRest(ByteBuffer in) {
		this.current = null;
		if (!in.hasRemaining()) {
			this.partial = null;
			this.partialSince = 0;
			return;
		}
		if (this.partialSince == 0 || in != this.partial) {
			this.partialSince = System.nanoTime();
		}
		if (in == this.partial) {
			if (in.position() > 0) {
				in.compact().flip(); // only when a frame left: a trickled frame is not copied again each read
			}
			return;
		}
		int rest = in.remaining();
		ByteBuffer kept = ByteBuffer.allocate(Math.min(Math.max(2 * rest, 256), this.maxRetained));
		kept.put(in).flip();
		this.partial = kept;
	}

	/** True while the start of a frame waits for the rest. */
	public boolean hasPartial() {
		return this.partial != null;
	}

	/** When the frame now waiting for its rest started to arrive (System.nanoTime()); 0 if none waits. */
	public long partialSince() {
		return (this.partial != null) ? this.partialSince : 0;
	}

	/** Bytes of buffer this connection holds between reads. */
	public int retainedBytes() {
		ByteBuffer held = this.partial;
		return (held != null) ? held.capacity() : 0;
	}

	/**
	 * Move everything this assembler holds (the start of a frame, and how far its decoder got)
	 * into a new assembler, and start afresh here with {@code fresh}. So one assembler can serve
	 * many connections in turn, a connection having one of its own only while a frame of it is
	 * incomplete; after a failure the state is dropped along with the returned assembler.
	 */
	public FrameAssembler handOver(FrameDecoder fresh) {
		FrameAssembler held = new FrameAssembler(this.decoder, this.maxRetained);
		held.partial = this.partial;
		held.partialSince = this.partialSince;
		this.decoder = fresh;
		release();
		return held;
	}

	/** Forget everything held (the connection closed). */
	public void release() {
		this.partial = null;
		this.current = null;
		this.partialSince = 0;
	}

}
