package io.netlab.listener.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a blocking connection's threads did, for its sweeper: a read or a write leaves a mark
 * (a flag, the number of the write under way) without reading the clock, and the sweeper dates
 * the marks when it looks. A limit therefore fires up to one sweep (a quarter of the shortest
 * timeout) later than it would with a clock read per message, which the per-message path
 * cannot afford.
 */
final class ActivityMarks {

	private static final VarHandle ACTIVE;

	private static final VarHandle WRITING;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			ACTIVE = lookup.findVarHandle(ActivityMarks.class, "active", boolean.class);
			WRITING = lookup.findVarHandle(ActivityMarks.class, "writing", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Set (opaque) by every read and write that moved bytes; taken by the sweeper. */
	@SuppressWarnings("unused") // through ACTIVE
	private boolean active;

	/** The number of the write under way (opaque); 0 when none is. */
	@SuppressWarnings("unused") // through WRITING
	private long writing;

	/** Writers only (one at a time): writes started so far. */
	private long writes;

	/** Sweeper only: when it last saw a read or a write (System.nanoTime()). */
	private long lastActivity;

	/** Sweeper only: the write it saw under way, and since when it has seen it; 0 when none. */
	private long seenWrite;

	private long stalledSince;

	ActivityMarks(long now) {
		this.lastActivity = now;
	}

	/** A read or a write moved bytes. */
	void active() {
		if (!(boolean) ACTIVE.getOpaque(this)) {
			ACTIVE.setOpaque(this, true);
		}
	}

	/** A write starts; the caller holds the connection's send lock until {@link #writeEnded()}. */
	void writeStarted() {
		WRITING.setOpaque(this, ++this.writes);
	}

	void writeEnded() {
		WRITING.setOpaque(this, 0L);
	}

	/** Sweeper only: date what was marked since the last look. */
	void look(long now) {
		if ((boolean) ACTIVE.getOpaque(this)) {
			ACTIVE.setOpaque(this, false);
			this.lastActivity = now;
		}
		long write = (long) WRITING.getOpaque(this);
		if (write != this.seenWrite) {
			this.seenWrite = write;
			this.stalledSince = (write != 0) ? now : 0;
		}
	}

	/** Sweeper only: the look that last saw a read or a write. */
	long lastActivity() {
		return this.lastActivity;
	}

	/** Sweeper only: the first look that saw the write still under way; 0 when none is. */
	long stalledSince() {
		return this.stalledSince;
	}

}
