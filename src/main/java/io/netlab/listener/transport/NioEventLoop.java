package io.netlab.listener.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One selector thread of the NIO transport: it owns a set of connections, reads them, runs the
 * listener's flow for each complete frame on this thread, and writes what could not be written
 * at once. Tasks from other threads (register, interest changes) go through a queue.
 */
final class NioEventLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(NioEventLoop.class);

	/** Received bytes are read here first; only a partial frame is copied out to its connection. */
	private final ByteBuffer readBuffer;

	private final Selector selector;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final long idleTimeoutMs;

	private final boolean tls;

	private final Thread thread;

	private volatile boolean running = true;

	/** How often to look for idle connections and stalled handshakes; 0 = never. */
	private final long checkEveryMs;

	private static long checkEvery(long idleTimeoutMs, long handshakeTimeoutMs) {
		long every = Long.MAX_VALUE;
		if (idleTimeoutMs > 0) {
			every = idleTimeoutMs / 4;
		}
		if (handshakeTimeoutMs > 0) {
			every = Math.min(every, handshakeTimeoutMs / 4);
		}
		return (every == Long.MAX_VALUE) ? 0 : Math.max(every, 50);
	}

	NioEventLoop(String name, int readBufferBytes, long idleTimeoutMs, long handshakeTimeoutMs) throws IOException {
		this.tls = handshakeTimeoutMs > 0;
		this.checkEveryMs = checkEvery(idleTimeoutMs, handshakeTimeoutMs);
		this.readBuffer = ByteBuffer.allocate(readBufferBytes);
		this.selector = Selector.open();
		this.idleTimeoutMs = idleTimeoutMs;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	boolean inLoop() {
		return Thread.currentThread() == this.thread;
	}

	ByteBuffer readBuffer() {
		return this.readBuffer;
	}

	Selector selector() {
		return this.selector;
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
		long idleCheckEvery = this.checkEveryMs;
		long nextIdleCheck = (idleCheckEvery > 0) ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(idleCheckEvery) : 0;
		while (this.running) {
			try {
				runTasks();
				if (idleCheckEvery > 0) {
					this.selector.select(this::dispatch, idleCheckEvery);
					long now = System.nanoTime();
					if (now - nextIdleCheck >= 0) {
						closeIdle(now);
						nextIdleCheck = now + TimeUnit.MILLISECONDS.toNanos(idleCheckEvery);
					}
				}
				else {
					this.selector.select(this::dispatch);
				}
			}
			catch (ClosedSelectorException ex) {
				break;
			}
			catch (IOException | RuntimeException ex) {
				// a failure of one connection is handled by that connection; this is the loop itself
				logger.error("NIO loop " + this.thread.getName() + " failed a select; continuing", ex);
			}
		}
		runTasks();
	}

	private void dispatch(SelectionKey key) {
		NioConnection connection = (NioConnection) key.attachment();
		if (!key.isValid()) {
			return;
		}
		int ready = key.readyOps();
		if ((ready & SelectionKey.OP_WRITE) != 0) {
			connection.onWritable();
		}
		if (key.isValid() && (ready & SelectionKey.OP_READ) != 0) {
			connection.onReadable(this.readBuffer);
		}
	}

	private void runTasks() {
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.error("NIO loop task failed", ex);
			}
		}
	}

	private void closeIdle(long now) {
		long limit = TimeUnit.MILLISECONDS.toNanos(this.idleTimeoutMs);
		for (SelectionKey key : this.selector.keys()) {
			if (key.attachment() instanceof NioConnection connection) {
				if (this.tls && connection.handshakeExpired(now)) {
					connection.closeHandshakeExpired();
				}
				else if (this.idleTimeoutMs > 0 && now - connection.lastActivity() > limit) {
					connection.closeIdle(this.idleTimeoutMs);
				}
			}
		}
	}

	/** Stop the loop and close its selector; the connections are closed by the factory. */
	void shutdown() {
		this.running = false;
		this.selector.wakeup();
		if (!inLoop()) {
			try {
				this.thread.join(TimeUnit.SECONDS.toMillis(5));
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
