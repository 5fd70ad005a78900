package io.netlab.listener.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

/**
 * The replies of one connection that its socket did not take yet. It accounts the memory it
 * holds, not the bytes it was asked to send: each buffer's capacity plus the objects around it.
 * Small replies are copied into shared chunks rather than queued one by one, so a peer that
 * never reads cannot make a million tiny buffers out of a million one-byte lines. It knows when
 * the held memory went over the high-water mark, and writes with gathering writes. Guarded by
 * the connection's send lock.
 */
final class WriteQueue {

	/** A reply up to this size is copied into a chunk instead of queued as it is. */
	static final int SMALL = 1024;

	/** Size of the chunks small replies are copied into. */
	static final int CHUNK = 16 * 1024;

	/** What a queued buffer costs beyond its bytes: the ByteBuffer, its array's header, the queue slot. */
	static final int OVERHEAD = 96;

	private static final int MAX_GATHER = 16;

	/** Gathering writes happen on loop threads: one array per thread, none per connection. */
	private static final ThreadLocal<ByteBuffer[]> GATHER = ThreadLocal.withInitial(() -> new ByteBuffer[MAX_GATHER]);

	/** Created on the first buffer the socket did not take: an idle connection holds none. */
	private @Nullable ArrayDeque<ByteBuffer> buffers;

	/** The last chunk, while small replies can still be appended to it (after its limit). */
	private @Nullable ByteBuffer openChunk;

	private final long highWater;

	private long heldBytes;

	/** System.nanoTime() when the held memory went over the mark; 0 while under it. Read by the loop's sweep. */
	private volatile long overSince;

	/** System.nanoTime() when the socket first did not take everything: since when replies wait. */
	private final long createdAt;

	WriteQueue(long highWater, long createdAt) {
		this.highWater = highWater;
		this.createdAt = createdAt;
	}

	/** Since when replies have been waiting (this queue was made); a write that moves bytes is later. */
	long createdAt() {
		return this.createdAt;
	}

	boolean isEmpty() {
		return this.buffers == null || this.buffers.isEmpty();
	}

	/** Memory the queued buffers hold. */
	long heldBytes() {
		return this.heldBytes;
	}

	boolean overHighWater() {
		return this.heldBytes > this.highWater;
	}

	/** Since when the queue has been over the mark without falling under it; 0 if it is not. */
	long overSince() {
		return this.overSince;
	}

	/**
	 * Queue what is left of a buffer. A small rest is copied into a chunk (the caller may reuse
	 * its buffer); a large one is queued as it is and must not be changed by the caller.
	 */
	void add(ByteBuffer buffer) {
		if (buffer.remaining() <= SMALL) {
			append(buffer);
			return;
		}
		enqueue(buffer);
		this.openChunk = null;
	}

	/** Queue a copy of what is left of a scratch buffer (the caller reuses it). */
	void addCopy(ByteBuffer scratch) {
		if (scratch.remaining() <= SMALL) {
			append(scratch);
			return;
		}
		ByteBuffer copy = ByteBuffer.allocate(scratch.remaining());
		copy.put(scratch).flip();
		enqueue(copy);
		this.openChunk = null;
	}

	/** Copy into the open chunk, after its limit, even while its start is being written. */
	private void append(ByteBuffer small) {
		ByteBuffer chunk = this.openChunk;
		if (chunk == null || chunk.capacity() - chunk.limit() < small.remaining()) {
			chunk = ByteBuffer.allocate(CHUNK).flip();
			enqueue(chunk);
			this.openChunk = chunk;
		}
		int position = chunk.position();
		int limit = chunk.limit();
		chunk.limit(limit + small.remaining()).position(limit);
		chunk.put(small);
		chunk.position(position);
	}

	private void enqueue(ByteBuffer buffer) {
		if (this.buffers == null) {
			this.buffers = new ArrayDeque<>(4);
		}
		this.buffers.add(buffer);
		this.heldBytes += buffer.capacity() + OVERHEAD;
		if (this.overSince == 0 && overHighWater()) {
			this.overSince = System.nanoTime();
		}
	}

	/**
	 * Write what the channel takes now; the bytes it took. Everything queued is written when
	 * {@link #isEmpty()} afterwards.
	 */
	long flushTo(GatheringByteChannel channel) throws IOException {
		ByteBuffer[] gather = GATHER.get();
		long total = 0;
		while (!isEmpty()) {
			int n = 0;
			for (ByteBuffer buffer : this.buffers) {
				gather[n++] = buffer;
				if (n == MAX_GATHER) {
					break;
				}
			}
			long written = channel.write(gather, 0, n);
			total += written;
			java.util.Arrays.fill(gather, 0, n, null);
			while (!this.buffers.isEmpty() && !this.buffers.peek().hasRemaining()) {
				ByteBuffer done = this.buffers.poll();
				this.heldBytes -= done.capacity() + OVERHEAD;
				if (done == this.openChunk) {
					this.openChunk = null;
				}
			}
			if (!overHighWater()) {
				this.overSince = 0;
			}
			if (written == 0 || !this.buffers.isEmpty() && this.buffers.peek().position() > 0) {
				return total; // the socket is full
			}
		}
		this.buffers = null; // all written: an idle connection holds no queue
		return total;
	}

	void clear() {
		this.buffers = null;
		this.openChunk = null;
		this.heldBytes = 0;
		this.overSince = 0;
	}

}
