package io.netlab.listener.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.netlab.wire.FrameCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One selector thread of the NIO transport: it owns a set of connections, reads them, runs the
 * listener's flow for each complete frame on this thread, writes what could not be written at
 * once, and sweeps its connections for broken time limits. Tasks from other threads (register)
 * go through a queue. Nothing ends the loop but {@link #shutdown}: whatever a connection's
 * handling throws, {@code Error}s included, closes that connection only; and should the thread
 * die all the same, it is replaced by a new one on the same selector, health saying DOWN until then.
 */
final class NioEventLoop implements Runnable {

	/** Received bytes are read here first; only a partial frame is copied out to its connection. */
	static final int READ_BUFFER_BYTES = 64 * 1024;

	/** Replies sent on this thread are copied here and written from it: a largest frame and its header fit. */
	static final int WRITE_BUFFER_BYTES = 128 * 1024;

	private static final Log logger = LogFactory.getLog(NioEventLoop.class);

	/**
	 * Sockets are read into and written from direct buffers of the loop's own: a heap buffer
	 * would make the JDK copy through a thread-local temporary direct buffer on every call.
	 * Frames that are cut by scanning for a terminator are scanned in the heap buffer.
	 */
	private final ByteBuffer socketIn = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);

	/** Loop thread only: a second view of {@link #socketIn}, for the bytes of a raw frame being delivered. */
	private final ByteBuffer socketInView = this.socketIn.duplicate();

	private final ByteBuffer socketOut = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);

	private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);

	private final String name;

	private final Selector selector;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final long sweepEveryMs;

	private final TransportHealth health;

	/** Every connection of the loop has the same limits: one object applies them, none per connection. */
	private final Deadlines deadlines;

	private final int writeHighWaterBytes;

	/** What the loop's connections share instead of each holding its own; loop thread only. */
	private final LoopShared shared;

	private volatile Thread thread;

	private volatile boolean running = true;

	/** Set while a replacement thread is starting; health is DOWN until it runs. */
	private volatile boolean restarting;

	/** Failures are logged in full once per loop, then at debug level: a hostile peer must not flood the log. */
	private volatile boolean failureLogged;

	NioEventLoop(String name, ConnectionLimits limits, FrameCodec codec, TransportHealth health) throws IOException {
		this.name = name;
		this.sweepEveryMs = limits.sweepEveryMs();
		this.deadlines = new Deadlines(limits);
		this.writeHighWaterBytes = limits.writeHighWaterBytes();
		this.shared = new LoopShared(codec);
		this.health = health;
		this.selector = Selector.open();
		this.thread = newThread();
	}

	private Thread newThread() {
		Thread loopThread = new Thread(this, this.name);
		loopThread.setDaemon(true);
		loopThread.setUncaughtExceptionHandler((dying, ex) -> logger.error("NIO loop thread " + this.name
				+ " died; a new thread takes over its connections", ex));
		return loopThread;
	}

	void start() {
		this.thread.start();
	}

	boolean inLoop() {
		return Thread.currentThread() == this.thread;
	}

	/** Loop thread only: the time of the batch of tasks or ready keys under way, once read. */
	private long batchTime;

	private boolean batchTimed;

	/**
	 * System.nanoTime(), read once per batch of tasks or ready keys on the loop's thread (a batch
	 * lasts microseconds, the limits it dates are hundreds of milliseconds); a clock read on any
	 * other thread.
	 */
	long now() {
		if (!inLoop()) {
			return System.nanoTime();
		}
		if (!this.batchTimed) {
			this.batchTime = System.nanoTime();
			this.batchTimed = true;
		}
		return this.batchTime;
	}

	Selector selector() {
		return this.selector;
	}

	/** What the loop's connections share instead of each holding its own; loop thread only. */
	LoopShared shared() {
		return this.shared;
	}

	Deadlines deadlines() {
		return this.deadlines;
	}

	/** How much memory a connection's queued replies may hold before it is no longer read. */
	int writeHighWaterBytes() {
		return this.writeHighWaterBytes;
	}

	/**
	 * Loop thread only: the raw frame being handed to the listener, and its bytes where they
	 * still are, in the direct read buffer: an echo of that very frame is written from there,
	 * with no copy into the write buffer.
	 */
	private byte @Nullable [] delivering;

	private @Nullable ByteBuffer deliveringBytes;

	/**
	 * A raw frame is being handed to the listener; its bytes are what the last read left in the
	 * loop's read buffer, from {@code start} to {@code end}.
	 */
	void delivering(byte[] frame, int start, int end) {
		this.delivering = frame;
		this.deliveringBytes = this.socketInView.limit(end).position(start);
	}

	void delivered() {
		this.delivering = null;
		this.deliveringBytes = null;
	}

	/**
	 * The direct bytes of {@code payload} if it is the raw frame being delivered and this is the
	 * loop's thread, once (a second send of it copies as any other); null otherwise.
	 */
	@Nullable ByteBuffer takeDeliveringBytes(byte[] payload) {
		ByteBuffer bytes = this.deliveringBytes;
		if (bytes == null || payload != this.delivering || !inLoop()) {
			return null;
		}
		this.deliveringBytes = null;
		return bytes;
	}

	/** The loop's direct buffer to write from, cleared: for the loop's own thread only. */
	ByteBuffer writeBuffer() {
		return this.socketOut.clear();
	}

	/** Run a task on this loop's thread: now if already there, else at the next wake-up. */
	void execute(Runnable task) {
		if (inLoop()) {
			task.run();
			return;
		}
		this.tasks.add(task);
		this.selector.wakeup();
	}

	@Override
	public void run() {
		if (this.restarting) {
			this.restarting = false;
			this.health.loopRestarted();
			logger.warn("NIO loop " + this.name + " restarted on a new thread");
		}
		try {
			long nextSweep = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.sweepEveryMs);
			while (this.running) {
				try {
					this.batchTimed = false;
					runTasks();
					this.batchTimed = false; // the select may wait: the keys it hands over are dated afresh
					if (this.sweepEveryMs > 0) {
						this.selector.select(this::dispatch, this.sweepEveryMs);
						// the batch's own time if it had one: reads dated by it are never swept as older than they are
						long now = this.batchTimed ? this.batchTime : System.nanoTime();
						if (now - nextSweep >= 0) {
							sweep(now);
							nextSweep = now + TimeUnit.MILLISECONDS.toNanos(this.sweepEveryMs);
						}
					}
					else {
						this.selector.select(this::dispatch);
					}
				}
				catch (ClosedSelectorException ex) {
					break;
				}
				catch (IOException | RuntimeException | Error ex) {
					failure("select", ex);
				}
			}
		}
		finally {
			if (this.running) {
				restart();
			}
			else {
				runTasks();
			}
		}
	}

	/** The thread is dying although the loop should run: a new thread takes over the selector. */
	private void restart() {
		this.health.loopDied();
		Thread replacement = newThread();
		this.thread = replacement;
		this.restarting = true;
		replacement.start();
	}

	private void dispatch(SelectionKey key) {
		if (!(key.attachment() instanceof NioConnection connection) || !key.isValid()) {
			return;
		}
		try {
			int ready = key.readyOps();
			if ((ready & SelectionKey.OP_WRITE) != 0) {
				connection.onWritable();
			}
			if (key.isValid() && (ready & SelectionKey.OP_READ) != 0) {
				connection.onReadable(this.socketIn, this.readBuffer);
			}
		}
		catch (Throwable ex) { // whatever it is, it ends this connection only
			failure("connection " + connection.getConnectionId(), ex);
			connection.crashed(ex);
		}
	}

	private void sweep(long now) {
		for (SelectionKey key : this.selector.keys()) {
			if (key.attachment() instanceof NioConnection connection) {
				try {
					connection.sweep(now);
				}
				catch (Throwable ex) { // whatever it is, it ends this connection only
					failure("sweep of " + connection.getConnectionId(), ex);
					connection.crashed(ex);
				}
			}
		}
	}

	private void runTasks() {
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				failure("task", ex);
			}
		}
	}

	private void failure(String where, Throwable ex) {
		if (!this.failureLogged) {
			this.failureLogged = true;
			logger.error("NIO loop " + this.name + " caught a failure in " + where
					+ "; it keeps serving (further failures of this loop are logged at debug level)", ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("NIO loop " + this.name + " caught a failure in " + where, ex);
		}
	}

	/** Stop the loop and close its selector; the connections are closed by the factory. */
	void shutdown() {
		this.running = false;
		this.selector.wakeup();
		Thread loopThread = this.thread;
		if (!inLoop()) {
			try {
				loopThread.join(TimeUnit.SECONDS.toMillis(2));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			logger.debug("Closing selector failed", ex);
		}
	}

}
