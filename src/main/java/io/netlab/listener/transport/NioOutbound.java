package io.netlab.listener.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The sending half of a NIO connection: writes at once when nothing waits, queues only what the
 * socket does not take (in a {@link WriteQueue} that accounts its memory), and sets the
 * connection's interest: no reading while the queue is over its high-water mark, write interest
 * while anything waits. Any thread may send; one lock serializes sends, TLS wraps and flushes.
 */
final class NioOutbound {

	private final SocketChannel channel;

	private final NioEventLoop loop;

	private final ReentrantLock lock = new ReentrantLock();

	/** Guarded by lock. */
	private final WriteQueue queue;

	/** Guarded by lock: the peer half-closed, close once the queue is written. */
	private boolean closeWhenFlushed;

	private @Nullable SelectionKey key;

	/** Guarded by lock: false once the peer half-closed and the connection stays open to send only. */
	private boolean reading = true;

	/** Guarded by lock: the interest last set (a connection registers for reads), so a send that changes nothing costs nothing. */
	private int ops = SelectionKey.OP_READ;

	/** The last write that moved bytes (System.nanoTime()); 0 before any. */
	private volatile long lastWrite;

	NioOutbound(SocketChannel channel, NioEventLoop loop, int highWaterBytes) {
		this.channel = channel;
		this.loop = loop;
		this.queue = new WriteQueue(highWaterBytes);
	}

	void key(SelectionKey selectionKey) {
		this.key = selectionKey;
	}

	ReentrantLock lock() {
		return this.lock;
	}

	long lastWrite() {
		return this.lastWrite;
	}

	/** Since when replies have stayed over the high-water mark; 0 if they are not. */
	long stalledSince() {
		return this.queue.overSince();
	}

	/** Send a frame as it is (plaintext), or as TLS records wrapped by {@code tls}. */
	void send(ByteBuffer[] frame, @Nullable TlsLayer tls) throws IOException {
		this.lock.lock();
		try {
			if (tls != null) {
				while (hasRemaining(frame)) {
					sendScratch(tls.wrap(frame));
				}
			}
			else if (this.queue.isEmpty() && fitsWriteBuffer(frame)) {
				// on the loop's thread: copy into its direct buffer, write, queue a copy of the rest
				ByteBuffer direct = this.loop.writeBuffer();
				for (ByteBuffer part : frame) {
					direct.put(part);
				}
				sendScratch(direct.flip());
			}
			else {
				if (this.queue.isEmpty()) {
					written((frame.length == 1) ? this.channel.write(frame[0]) : this.channel.write(frame));
				}
				for (ByteBuffer part : frame) {
					if (part.hasRemaining()) {
						this.queue.add(part);
					}
				}
			}
			updateInterest();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Write a scratch buffer now if nothing waits; queue a copy of the rest, sized to it. */
	void sendScratch(ByteBuffer scratch) throws IOException {
		this.lock.lock();
		try {
			if (this.queue.isEmpty()) {
				written(this.channel.write(scratch));
			}
			if (scratch.hasRemaining()) {
				this.queue.addCopy(scratch);
				updateInterest();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The socket can take more: write what waits. True when the connection should now close. */
	boolean flush() throws IOException {
		this.lock.lock();
		try {
			long before = this.queue.heldBytes();
			boolean done = this.queue.flushTo(this.channel);
			written(before - this.queue.heldBytes());
			if (done && this.closeWhenFlushed) {
				return true;
			}
			updateInterest();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The peer half-closed: true to close now, or false once the queue is set to be written first. */
	boolean closeWhenFlushed() {
		this.lock.lock();
		try {
			if (this.queue.isEmpty()) {
				return true;
			}
			this.closeWhenFlushed = true;
			interest(SelectionKey.OP_WRITE);
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	void clear() {
		this.lock.lock();
		try {
			this.queue.clear();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void written(long bytes) {
		if (bytes > 0) {
			this.lastWrite = System.nanoTime();
		}
	}

	/** Under the lock: read unless too much waits to be written; write interest while anything waits. */
	private void updateInterest() {
		int read = this.reading ? SelectionKey.OP_READ : 0;
		if (this.queue.isEmpty()) {
			interest(read);
		}
		else {
			interest(this.queue.overHighWater() || this.closeWhenFlushed ? SelectionKey.OP_WRITE
					: SelectionKey.OP_WRITE | read);
		}
	}

	/** The peer half-closed: nothing more to read, but what is sent still goes out. */
	void stopReading() {
		this.lock.lock();
		try {
			this.reading = false;
			updateInterest();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void interest(int ops) {
		if (ops == this.ops) {
			return;
		}
		SelectionKey selectionKey = this.key;
		if (selectionKey != null && selectionKey.isValid()) {
			this.ops = ops;
			selectionKey.interestOps(ops);
			if (!this.loop.inLoop()) {
				this.loop.selector().wakeup();
			}
		}
	}

	/** True on the loop's thread when the frame fits its write buffer. */
	private boolean fitsWriteBuffer(ByteBuffer[] frame) {
		if (!this.loop.inLoop()) {
			return false;
		}
		long bytes = 0;
		for (ByteBuffer part : frame) {
			bytes += part.remaining();
		}
		return bytes <= NioEventLoop.WRITE_BUFFER_BYTES;
	}

	private static boolean hasRemaining(ByteBuffer[] buffers) {
		for (ByteBuffer buffer : buffers) {
			if (buffer.hasRemaining()) {
				return true;
			}
		}
		return false;
	}

}
