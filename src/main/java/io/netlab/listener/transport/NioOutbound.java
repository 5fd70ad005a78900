package io.netlab.listener.transport;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * The sending half of a NIO connection: writes at once when nothing waits, queues only what the
 * socket does not take (in a {@link WriteQueue} that accounts its memory), and sets the
 * connection's interest: no reading while the queue is over its high-water mark, write interest
 * while anything waits. Any thread may send; this object's monitor serializes sends, TLS wraps
 * and flushes (a monitor rather than a {@code ReentrantLock}: it costs an idle connection no
 * object, and it is as reentrant, which a TLS wrap that flushes relies on). An idle connection
 * holds no queue either: it is made when the socket does not take everything, dropped once
 * everything is written.
 */
final class NioOutbound {

	private static final VarHandle LAST_WRITE;

	static {
		try {
			LAST_WRITE = MethodHandles.lookup().findVarHandle(NioOutbound.class, "lastWrite", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final SocketChannel channel;

	private final NioEventLoop loop;

	/**
	 * Written under the monitor; null while nothing waits. Volatile only for {@link #stalledSince}
	 * and {@link #overSince}, which the loop's sweep reads without the monitor.
	 */
	private volatile @Nullable WriteQueue queue;

	/** Guarded by the monitor: the peer half-closed, close once the queue is written. */
	private boolean closeWhenFlushed;

	private @Nullable SelectionKey key;

	/** Guarded by the monitor: false once the peer half-closed and the connection stays open to send only. */
	private boolean reading = true;

	/**
	 * Guarded by the monitor: the interest last set (a connection registers for reads), so a
	 * send that changes nothing costs nothing. A byte (the ops are OP_READ | OP_WRITE at most) to
	 * keep this object at 40 bytes.
	 */
	private byte ops = SelectionKey.OP_READ;

	/**
	 * The last write that moved bytes (System.nanoTime()); 0 before any. Written under the
	 * monitor and read by the loop's sweep, opaque through {@link #LAST_WRITE}: no fence per write.
	 */
	private long lastWrite;

	NioOutbound(SocketChannel channel, NioEventLoop loop) {
		this.channel = channel;
		this.loop = loop;
	}

	NioEventLoop loop() {
		return this.loop;
	}

	/** Runs on the loop thread once the channel is registered; under the monitor, so any sender sees it. */
	synchronized void key(SelectionKey selectionKey) {
		this.key = selectionKey;
	}

	long lastWrite() {
		return (long) LAST_WRITE.getOpaque(this);
	}

	/** Since when replies have stayed over the high-water mark (the connection is not read); 0 if they are not. */
	long overSince() {
		WriteQueue waiting = this.queue;
		return (waiting != null) ? waiting.overSince() : 0;
	}

	/**
	 * Since when the peer has left replies unread: replies wait and the socket has taken none of
	 * their bytes since then, or they have stayed over the high-water mark since then, whichever
	 * is earlier; 0 when nothing waits. A peer that reads, however slowly, moves the first.
	 */
	long stalledSince() {
		WriteQueue waiting = this.queue;
		if (waiting == null) {
			return 0;
		}
		long created = waiting.createdAt();
		long written = lastWrite();
		long noProgressSince = (written - created > 0) ? written : created;
		return Deadlines.earliest(waiting.overSince(), noProgressSince);
	}

	/** Send a frame as it is (plaintext), or as TLS records wrapped by {@code tls}. */
	synchronized void send(ByteBuffer[] frame, @Nullable TlsLayer tls) throws IOException {
		if (tls != null) {
			while (hasRemaining(frame)) {
				sendScratch(tls.wrap(frame));
			}
		}
		else if (this.queue == null && fitsWriteBuffer(frame)) {
			// on the loop's thread: copy into its direct buffer, write, queue a copy of the rest
			ByteBuffer direct = this.loop.writeBuffer();
			for (ByteBuffer part : frame) {
				direct.put(part);
			}
			sendScratch(direct.flip());
		}
		else {
			if (this.queue == null) {
				written((frame.length == 1) ? this.channel.write(frame[0]) : this.channel.write(frame));
			}
			for (ByteBuffer part : frame) {
				if (part.hasRemaining()) {
					queue().add(part);
				}
			}
		}
		updateInterest();
	}

	/** Write a scratch buffer now if nothing waits; queue a copy of the rest, sized to it. */
	synchronized void sendScratch(ByteBuffer scratch) throws IOException {
		if (this.queue == null) {
			written(this.channel.write(scratch));
		}
		if (scratch.hasRemaining()) {
			queue().addCopy(scratch);
			updateInterest();
		}
	}

	/** The socket can take more: write what waits. True when the connection should now close. */
	synchronized boolean flush() throws IOException {
		WriteQueue waiting = this.queue;
		if (waiting != null) {
			written(waiting.flushTo(this.channel));
			if (!waiting.isEmpty()) {
				updateInterest();
				return false;
			}
			this.queue = null; // all written: an idle connection holds no queue
		}
		if (this.closeWhenFlushed) {
			return true;
		}
		updateInterest();
		return false;
	}

	/** The peer half-closed: true to close now, or false once the queue is set to be written first. */
	synchronized boolean closeWhenFlushed() {
		if (this.queue == null) {
			return true;
		}
		this.closeWhenFlushed = true;
		interest(SelectionKey.OP_WRITE);
		return false;
	}

	synchronized void clear() {
		this.queue = null;
	}

	/** Under the monitor: the queue, made on the first bytes the socket did not take. */
	private WriteQueue queue() {
		WriteQueue waiting = this.queue;
		if (waiting == null) {
			waiting = new WriteQueue(this.loop.writeHighWaterBytes(), this.loop.now());
			this.queue = waiting;
		}
		return waiting;
	}

	private void written(long bytes) {
		if (bytes > 0) {
			LAST_WRITE.setOpaque(this, this.loop.now());
		}
	}

	/** Under the monitor: read unless too much waits to be written; write interest while anything waits. */
	private void updateInterest() {
		int read = this.reading ? SelectionKey.OP_READ : 0;
		WriteQueue waiting = this.queue;
		if (waiting == null) {
			interest(read);
		}
		else {
			interest(waiting.overHighWater() || this.closeWhenFlushed ? SelectionKey.OP_WRITE
					: SelectionKey.OP_WRITE | read);
		}
	}

	/** The peer half-closed: nothing more to read, but what is sent still goes out. */
	synchronized void stopReading() {
		this.reading = false;
		updateInterest();
	}

	private void interest(int ops) {
		if (ops == this.ops) {
			return;
		}
		SelectionKey selectionKey = this.key;
		if (selectionKey != null && selectionKey.isValid()) {
			this.ops = (byte) ops;
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
