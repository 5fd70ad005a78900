package io.netlab.impair;

/**
 * Keeps the chunks a TCP impairment delays in order: each goes out no earlier than the one
 * before it, on the one scheduler thread.
 */
final class Pacer {

	private final Effects effects;

	/** When the previous chunk goes out (System.nanoTime()); guarded by this. */
	private long lastRelease = System.nanoTime();

	Pacer(Effects effects) {
		this.effects = effects;
	}

	/** Send the chunk after the delay, and after everything this pacer sent before. */
	void send(Chunk chunk, long delayNanos, ChunkSink next) {
		long now = System.nanoTime();
		long releaseAt;
		synchronized (this) {
			releaseAt = Math.max(now + delayNanos, this.lastRelease);
			this.lastRelease = releaseAt;
		}
		if (releaseAt - now <= 0) {
			next.send(chunk);
			return;
		}
		this.effects.later(releaseAt - now, () -> next.send(chunk));
	}

	/** Make the next chunk wait this much longer than the previous one (a link busy sending). */
	synchronized long reserve(long busyNanos) {
		long now = System.nanoTime();
		long start = Math.max(now, this.lastRelease);
		this.lastRelease = start + busyNanos;
		return this.lastRelease - now;
	}

}
