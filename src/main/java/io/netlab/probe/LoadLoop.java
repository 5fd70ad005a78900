package io.netlab.probe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One selector thread of a load run, driving its share of the run's channels until the run
 * stops or none of them has anything left to do. Its counters and histogram are written only
 * by its own thread and read by the run once the loop has finished; what others may read while
 * it runs goes through the run's shared counters.
 */
final class LoadLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(LoadLoop.class);

	/** Latencies in microseconds, from 1 µs to twice the longest timeout, 3 significant digits. */
	private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

	final LoadRun run;

	final long timeoutNanos;

	final @Nullable Expect expect;

	final Histogram latencies = new Histogram(1, HIGHEST_MICROS, 3);

	final Map<ProbeError, Long> errors = new EnumMap<>(ProbeError.class);

	final List<LoadChannel> channels = new ArrayList<>();

	/**
	 * One receive buffer for every channel of this loop whose replies are only counted (raw TCP,
	 * UDP): they use it one at a time on this thread, so a thousand connections do not hold a
	 * thousand buffers. Big enough for the largest datagram; off-heap, so reads need no copy.
	 */
	final ByteBuffer scratch = ByteBuffer.allocateDirect(65536);

	long bytesSent;

	long bytesReceived;

	long lost;

	private final Selector selector;

	private int active;

	LoadLoop(LoadRun run, long timeoutMs, @Nullable Expect expect) throws IOException {
		this.run = run;
		this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
		this.expect = expect;
		this.selector = Selector.open();
	}

	Selector selector() {
		return this.selector;
	}

	void add(LoadChannel channel) {
		this.channels.add(channel);
	}

	@Override
	public void run() {
		try {
			this.active = this.channels.size();
			for (LoadChannel channel : this.channels) {
				if (this.run.stopping(System.nanoTime())) {
					break;
				}
				channel.open();
			}
			// check timeouts often enough to be fair to short ones, rarely enough to cost nothing
			long checkEvery = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(this.timeoutNanos / 10,
					TimeUnit.MILLISECONDS.toNanos(20)));
			long nextCheck = System.nanoTime() + checkEvery;
			boolean paced = this.run.plan().openLoop();
			while (this.active > 0) {
				long now = System.nanoTime();
				if (this.run.stopping(now)) {
					break;
				}
				long wait = Math.min(this.run.deadline() - now, nextCheck - now);
				if (paced) {
					wait = Math.min(wait, pace(now));
					if (this.active == 0) {
						break;
					}
				}
				this.selector.select(this::dispatch, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
				now = System.nanoTime();
				if (now - nextCheck >= 0) {
					for (LoadChannel channel : this.channels) {
						channel.checkTimeout(now);
					}
					nextCheck = now + checkEvery;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Load run " + this.run.id() + " failed in its selector loop", ex);
			this.run.failed(ex);
		}
		finally {
			for (LoadChannel channel : this.channels) {
				channel.closeSocket();
			}
			try {
				this.selector.close();
			}
			catch (IOException ex) {
				logger.debug("Closing a load run selector failed", ex);
			}
			this.run.loopFinished();
		}
	}

	/** Let every open-loop channel send what is due; nanoseconds until one needs the loop again. */
	private long pace(long now) {
		long next = Long.MAX_VALUE;
		for (LoadChannel channel : this.channels) {
			if (!channel.isDone()) {
				next = Math.min(next, channel.pace(now));
			}
		}
		return next;
	}

	/** This loop never got a thread: release what it holds and count it as finished. */
	void closeUnstarted() {
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			logger.debug("Closing a load run selector failed", ex);
		}
		this.run.loopFinished();
	}

	private void dispatch(SelectionKey key) {
		LoadChannel channel = (LoadChannel) key.attachment();
		if (!key.isValid() || channel.isDone()) {
			return;
		}
		try {
			channel.ready(key);
		}
		catch (IOException ex) {
			channel.fail(ProbeError.of(ex));
		}
	}

	/** Wake the selector, so that a cancelled run stops now rather than at the next timeout check. */
	void wakeup() {
		this.selector.wakeup();
	}

	boolean claim() {
		return this.run.claim();
	}

	void replied(long latencyNanos) {
		this.latencies.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, latencyNanos / 1000)));
		this.run.replied();
	}

	void error(ProbeError error) {
		this.errors.merge(error, 1L, Long::sum);
		this.run.errored();
	}

	void channelFinished() {
		this.active--;
	}

}
