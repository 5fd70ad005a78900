package io.netlab.listener.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Whether a listener's transport can serve, as its threads find out: accept failures (counted
 * by reason, and how long accepting has failed without a success) and event loops that died
 * and are being restarted. Written by the accept and loop threads, read by health and meters.
 */
public final class TransportHealth {

	/** Accepting has failed this long without a success before the listener is out of service. */
	static final long ACCEPT_OUTAGE_NANOS = TimeUnit.SECONDS.toNanos(5);

	/** Why an accept failed, from a fixed set (a bounded metric tag). */
	public enum AcceptError {

		/** The process (EMFILE) or the system (ENFILE) has no file descriptor left. */
		TOO_MANY_OPEN_FILES,
		/** Anything else. */
		ERROR;

		public String wireName() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

	}

	/** What health makes of the transport. */
	public enum Condition {

		SERVING, OUT_OF_SERVICE, DOWN

	}

	/** The transport's condition and, unless serving, why. */
	public record Status(Condition condition, @Nullable String reason) {

		public static final Status SERVING = new Status(Condition.SERVING, null);

	}

	private final Map<AcceptError, LongAdder> acceptErrors = new EnumMap<>(AcceptError.class);

	private final AtomicInteger deadLoops = new AtomicInteger();

	private final LongAdder loopRestarts = new LongAdder();

	/** System.nanoTime() of the first accept failure since the last success; 0 while accepting works. */
	private volatile long acceptFailingSince;

	private volatile @Nullable String lastAcceptError;

	public TransportHealth() {
		for (AcceptError reason : AcceptError.values()) {
			this.acceptErrors.put(reason, new LongAdder());
		}
	}

	public long acceptErrors(AcceptError reason) {
		return this.acceptErrors.get(reason).sum();
	}

	void acceptFailed(AcceptError reason, @Nullable String message) {
		this.acceptErrors.get(reason).increment();
		this.lastAcceptError = message;
		if (this.acceptFailingSince == 0) {
			this.acceptFailingSince = System.nanoTime();
		}
	}

	void accepted() {
		if (this.acceptFailingSince != 0) {
			this.acceptFailingSince = 0;
		}
	}

	void loopDied() {
		this.deadLoops.incrementAndGet();
	}

	void loopRestarted() {
		this.deadLoops.decrementAndGet();
		this.loopRestarts.increment();
	}

	/** How many times an event loop thread died and was replaced. */
	public long loopRestarts() {
		return this.loopRestarts.sum();
	}

	/** The transport's condition now; a stopped transport counts as serving (its state says the rest). */
	public Status status() {
		int dead = this.deadLoops.get();
		if (dead > 0) {
			return new Status(Condition.DOWN, dead + " event loop(s) died and are being restarted");
		}
		long since = this.acceptFailingSince;
		if (since != 0 && System.nanoTime() - since > ACCEPT_OUTAGE_NANOS) {
			return new Status(Condition.OUT_OF_SERVICE, "cannot accept connections for "
					+ TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since) + " s: " + this.lastAcceptError);
		}
		return Status.SERVING;
	}

	/** Forget a past outage (the transport was restarted). */
	void reset() {
		this.acceptFailingSince = 0;
		this.deadLoops.set(0);
	}

	static AcceptError classify(Throwable failure) {
		String message = String.valueOf(failure.getMessage());
		return message.contains("Too many open files") ? AcceptError.TOO_MANY_OPEN_FILES : AcceptError.ERROR;
	}

}
