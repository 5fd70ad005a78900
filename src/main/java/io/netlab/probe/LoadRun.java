package io.netlab.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.netlab.events.LoadRunProgressed;
import io.netlab.wire.Protocol;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * One load run: its channels spread over a few {@link LoadLoop}s, the messages still to hand
 * out, the deadline, cancellation, and the result once every loop has finished. Progress is
 * readable from any thread while the loops run; the result is built by the last loop to finish.
 */
final class LoadRun {

	private final String id;

	private final ProbePlan plan;

	private final Instant startedAt = Instant.now();

	private final long startNanos = System.nanoTime();

	private final long deadlineNanos;

	/** Messages still to hand out; null for a run bounded by time only. */
	private final @Nullable AtomicLong permits;

	private final LongAdder replies = new LongAdder();

	private final LongAdder errors = new LongAdder();

	/** A stamped UDP run's datagram counts so far, for progress. */
	private final DatagramCounters datagrams = new DatagramCounters();

	private final List<StampedUdpChannel> stamped = new ArrayList<>();

	/** Marks this run's datagrams, so that a stray datagram of an earlier run is not counted. */
	private final short tag = (short) ThreadLocalRandom.current().nextInt();

	/** Open loop: when sending stops; the run then waits one timeout more for the last replies. */
	private final long sendUntilNanos;

	private final List<LoadLoop> loops = new ArrayList<>();

	private final AtomicInteger loopsRunning = new AtomicInteger();

	private final CompletableFuture<LoadResult> result = new CompletableFuture<>();

	/** Runs once every loop has ended, before the result is published. */
	private final Runnable onEnd;

	private volatile boolean cancelled;

	private volatile @Nullable Throwable failure;

	/** Guarded by this: the previous progress sample, for the current rate. */
	private long sampleNanos;

	private long sampleReplies;

	private double sampleRate;

	LoadRun(String id, ProbePlan plan, int loopCount, Runnable onEnd) throws IOException {
		this.id = id;
		this.plan = plan;
		this.onEnd = onEnd;
		this.sendUntilNanos = this.startNanos + TimeUnit.MILLISECONDS.toNanos(plan.durationMs());
		this.deadlineNanos = this.sendUntilNanos + (plan.openLoop() ? TimeUnit.MILLISECONDS.toNanos(plan.timeoutMs()) : 0);
		this.permits = (plan.count() != null) ? new AtomicLong(plan.count()) : null;
		this.sampleNanos = this.startNanos;
		try {
			for (int i = 0; i < loopCount; i++) {
				this.loops.add(new LoadLoop(this, plan.timeoutMs(), plan.expect()));
			}
		}
		catch (IOException ex) {
			for (LoadLoop loop : this.loops) {
				loop.selector().close();
			}
			throw ex;
		}
		InetSocketAddress target = plan.target(plan.addresses().get(0));
		// one off-heap copy of the message for the whole run: the channels write views of it, so
		// a send is one system call without a copy into a temporary direct buffer
		byte[] bytes = (plan.protocol() == Protocol.UDP) ? plan.payload() : plan.frame();
		ByteBuffer message = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
		long intervalNanos = plan.openLoop() ? Math.round(1e9 * plan.concurrency() / plan.ratePerSecond()) : 0;
		for (int i = 0; i < plan.concurrency(); i++) {
			LoadLoop loop = this.loops.get(i % loopCount);
			if (plan.stamped()) {
				StampedUdpChannel channel = new StampedUdpChannel(loop, target, bytes, intervalNanos);
				this.stamped.add(channel);
				loop.add(channel);
			}
			else {
				loop.add((plan.protocol() == Protocol.UDP) ? new UdpLoadChannel(loop, target, message.duplicate())
						: new TcpLoadChannel(loop, target, message.duplicate(), plan.raw() ? null : plan.codec()));
			}
		}
	}

	String id() {
		return this.id;
	}

	ProbePlan plan() {
		return this.plan;
	}

	CompletableFuture<LoadResult> result() {
		return this.result;
	}

	/** Start every loop; each runs on a thread of {@code executor} until the run stops. */
	void start(Executor executor) {
		this.loopsRunning.set(this.loops.size());
		for (int i = 0; i < this.loops.size(); i++) {
			try {
				executor.execute(this.loops.get(i));
			}
			catch (RejectedExecutionException ex) {
				failed(ex);
				for (int j = i; j < this.loops.size(); j++) {
					this.loops.get(j).closeUnstarted();
				}
				return;
			}
		}
	}

	void cancel() {
		this.cancelled = true;
		this.loops.forEach(LoadLoop::wakeup);
	}

	long deadline() {
		return this.deadlineNanos;
	}

	boolean stopping(long now) {
		return this.cancelled || this.failure != null || now - this.deadlineNanos >= 0;
	}

	/** Take one message to send; false once the count is used up. Any loop thread. */
	boolean claim() {
		// a timed run hands out messages without a shared counter, so its loops never contend
		return this.permits == null || this.permits.getAndDecrement() > 0;
	}

	short tag() {
		return this.tag;
	}

	long sendUntil() {
		return this.sendUntilNanos;
	}

	/** A stamped run's counters; its sockets add to them. */
	DatagramCounters datagrams() {
		return this.datagrams;
	}

	/** A stamped run's datagram figures so far; null for other runs. Any thread. */
	LoadRunProgressed.@Nullable Datagrams datagramsSoFar() {
		return this.plan.stamped() ? this.datagrams.soFar(this.stamped) : null;
	}

	void replied() {
		this.replies.increment();
	}

	void errored() {
		this.errors.increment();
	}

	void failed(Throwable ex) {
		this.failure = ex;
		this.loops.forEach(LoadLoop::wakeup);
	}

	/** Called by each loop as it ends; the last one builds the result. */
	void loopFinished() {
		if (this.loopsRunning.decrementAndGet() == 0) {
			this.onEnd.run();
			Throwable ex = this.failure;
			if (ex != null) {
				this.result.completeExceptionally(ex);
			}
			else {
				this.result.complete(summarize(System.nanoTime()));
			}
		}
	}

	private LoadResult summarize(long endNanos) {
		Histogram latencies = new Histogram(3);
		Map<ProbeError, Long> byKind = new EnumMap<>(ProbeError.class);
		long sent = 0;
		long received = 0;
		long lost = 0;
		for (LoadLoop loop : this.loops) {
			latencies.add(loop.latencies);
			loop.errors.forEach((kind, n) -> byKind.merge(kind, n, Long::sum));
			sent += loop.bytesSent;
			received += loop.bytesReceived;
			lost += loop.lost;
		}
		List<Long> perConnection = new ArrayList<>();
		for (int i = 0; i < this.plan.concurrency(); i++) {
			perConnection.add(this.loops.get(i % this.loops.size()).channels.get(i / this.loops.size()).messages);
		}
		Map<String, Long> errorsByKind = new LinkedHashMap<>();
		byKind.forEach((kind, n) -> errorsByKind.put(kind.wireName(), n));
		double seconds = Math.max(1e-9, (endNanos - this.startNanos) / 1e9);
		long messages = latencies.getTotalCount();
		UdpFigures figures = this.plan.stamped() ? UdpFigures.of(this.stamped, this.plan) : null;
		return new LoadResult(this.plan.protocol(), this.cancelled, messages, errorsByKind,
				(this.plan.protocol() == Protocol.UDP && figures == null) ? lost : null, round(messages / seconds),
				Math.round((sent + received) / seconds), sent, received, LoadResult.Latency.of(latencies),
				round(seconds * 1000), this.plan.concurrency(), this.loops.size(), perConnection, figures);
	}

	RunView view() {
		LoadResult finished = this.result.isDone() && !this.result.isCompletedExceptionally() ? this.result.join() : null;
		long now = System.nanoTime();
		long done = this.replies.sum();
		RunView.State state = !this.result.isDone() ? RunView.State.RUNNING
				: this.result.isCompletedExceptionally() ? RunView.State.FAILED
						: this.cancelled ? RunView.State.CANCELLED : RunView.State.FINISHED;
		Throwable ex = this.failure;
		return new RunView(this.id, state, this.startedAt, done, this.plan.count(), this.errors.sum(),
				(finished != null) ? finished.durationMs() : round((now - this.startNanos) / 1e6), this.plan.durationMs(), (finished == null) ? currentRate(now, done) : null,
				(ex != null) ? ex.getMessage() : null, finished, (finished == null) ? datagramsSoFar() : null);
	}

	/** Replies per second since the previous look (at least a quarter second back). */
	private synchronized double currentRate(long now, long done) {
		long elapsed = now - this.sampleNanos;
		if (elapsed >= TimeUnit.MILLISECONDS.toNanos(250)) {
			this.sampleRate = round((done - this.sampleReplies) / (elapsed / 1e9));
			this.sampleNanos = now;
			this.sampleReplies = done;
		}
		return this.sampleRate;
	}

	static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
