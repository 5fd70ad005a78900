package io.netlab.listener.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

/**
 * The replies of one connection that its socket did not take yet. It accounts the memory it
 * holds (each buffer's capacity, not the bytes it was asked to send), knows when that went over
 * the high-water mark, and writes with gathering writes. Guarded by the connection's write lock.
 */
final class WriteQueue {

	private static final int MAX_GATHER = 16;

	/** Gathering writes happen on loop threads: one array per thread, none per connection. */
	private static final ThreadLocal<ByteBuffer[]> GATHER = ThreadLocal.withInitial(() -> new ByteBuffer[MAX_GATHER]);

	/** Created on the first buffer the socket did not take: an idle connection holds none. */
	private @Nullable ArrayDeque<ByteBuffer> buffers;

	private final long highWater;

	private long heldBytes;

	/** System.nanoTime() when the held memory went over the mark; 0 while under it. Read by the loop's sweep. */
	private volatile long overSince;

	WriteQueue(long highWater) {
		this.highWater = highWater;
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

	/** Queue a buffer as it is (its remaining bytes are sent later); accounts its whole capacity. */
	void add(ByteBuffer buffer) {
		if (this.buffers == null) {
			this.buffers = new ArrayDeque<>(4);
		}
		this.buffers.add(buffer);
		this.heldBytes += buffer.capacity();
		if (this.overSince == 0 && overHighWater()) {
			this.overSince = System.nanoTime();
		}
	}

	/** Queue a copy of what is left of a scratch buffer, sized to exactly that. */
	void addCopy(ByteBuffer scratch) {
		ByteBuffer copy = ByteBuffer.allocate(scratch.remaining());
		copy.put(scratch).flip();
		add(copy);
	}

	/** Write what the channel takes now; true when everything queued is written. */
	boolean flushTo(GatheringByteChannel channel) throws IOException {
		ByteBuffer[] gather = GATHER.get();
		while (!isEmpty()) {
			int n = 0;
			for (ByteBuffer buffer : this.buffers) {
				gather[n++] = buffer;
				if (n == MAX_GATHER) {
					break;
				}
			}
			long written = channel.write(gather, 0, n);
			java.util.Arrays.fill(gather, 0, n, null);
			while (!this.buffers.isEmpty() && !this.buffers.peek().hasRemaining()) {
				this.heldBytes -= this.buffers.poll().capacity();
			}
			if (!overHighWater()) {
				this.overSince = 0;
			}
			if (written == 0 || !this.buffers.isEmpty() && this.buffers.peek().position() > 0) {
				return false; // the socket is full
			}
		}
		this.buffers = null; // all written: an idle connection holds no queue
		return true;
	}

	void clear() {
		this.buffers = null;
		this.heldBytes = 0;
		this.overSince = 0;
	}

}
