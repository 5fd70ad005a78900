package io.netlab.listener.transport;

import io.netlab.wire.FrameAssembler;
import io.netlab.wire.FrameCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.MessageHeaders;

/**
 * What the connections of one NIO loop share instead of each holding its own, so that an idle
 * connection holds neither: the frame assembler of every connection with no incomplete frame,
 * and the received-message headers of the connections that send. Loop thread only (a
 * replacement loop thread takes it over through {@code Thread.start}).
 */
final class LoopShared {

	/** How many connections' received-message headers a loop keeps (a power of two). */
	static final int HEADER_SLOTS = 1024;

	private final FrameCodec codec;

	/** Cuts the frames of every connection of the loop that holds no incomplete frame. */
	private final FrameAssembler frames;

	/**
	 * The received-message headers of up to {@link #HEADER_SLOTS} connections, in slots given out
	 * in turn. Each costs about 80 B (a MessageHeaders always makes its own, empty, map), so
	 * 10,000 idle connections do not hold 10,000 of them (at most 80 KB per loop); they lead to
	 * their connection, so a connection's are dropped when it closes. A connection that sends
	 * finds its own here, and its messages share them, unless another connection of the loop
	 * with the same slot (accepted HEADER_SLOTS connections apart) sends in turn with it: then
	 * they are made again as the slot changes hands (at 512 slots, a thousand connections echoing
	 * in turn did that on every message).
	 */
	private final @Nullable MessageHeaders[] headers = new MessageHeaders[HEADER_SLOTS];

	private int nextHeaderSlot;

	LoopShared(FrameCodec codec) {
		this.codec = codec;
		this.frames = codec.newAssembler(NioEventLoop.READ_BUFFER_BYTES);
	}

	/** The assembler for a connection that holds no incomplete frame. */
	FrameAssembler frames() {
		return this.frames;
	}

	/**
	 * After {@link #frames} served a connection: an incomplete frame it holds goes, with its
	 * decoder's progress, into an assembler of the connection's own, returned, and the shared one
	 * starts afresh; null if it holds nothing. If the connection is {@code over} (closed, failed),
	 * whatever it holds is dropped.
	 */
	@Nullable FrameAssembler settleFrames(boolean over) {
		if (!over && !this.frames.hasPartial()) {
			return null;
		}
		FrameAssembler held = this.frames.handOver(this.codec.newDecoder());
		return over ? null : held;
	}

	/** A header slot for a new connection. */
	int headerSlot() {
		return this.nextHeaderSlot++ & (HEADER_SLOTS - 1);
	}

	/** The received-message headers of {@code connection}, which was given {@code slot}. */
	MessageHeaders receivedHeaders(int slot, ReceivingConnection connection) {
		MessageHeaders kept = this.headers[slot];
		if (kept == null || DataPlaneHeaders.source(kept) != connection) {
			kept = DataPlaneHeaders.connection(connection);
			this.headers[slot] = kept;
		}
		return kept;
	}

	/** {@code connection} closed: the headers in its slot, if still its own, no longer keep it reachable. */
	void releaseHeaders(int slot, ReceivingConnection connection) {
		MessageHeaders kept = this.headers[slot];
		if (kept != null && DataPlaneHeaders.source(kept) == connection) {
			this.headers[slot] = null;
		}
	}

}
