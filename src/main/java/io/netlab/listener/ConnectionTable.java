package io.netlab.listener;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The one owner of a listener's open TCP connections: admission on open (access rules and
 * limits, counted), the single counted close of each, the per-source counts, and the drain a
 * stopping listener waits for. Called from accept, loop and connection threads, and from the API.
 */
final class ConnectionTable {

	/** Why a connection was refused on open. */
	record Refusal(CloseReason reason, String why) {
	}

	private final Map<String, ConnectionRecord> open = new ConcurrentHashMap<>();

	/** Open connections per source (an IPv6 /64 counts as one source); changed atomically per key. */
	private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();

	private final ListenerStats stats;

	/** Signalled when the table becomes empty. */
	private final Object drained = new Object();

	ConnectionTable(ListenerStats stats) {
		this.stats = stats;
	}

	/**
	 * A connection opened: it is counted and kept until its close, then checked against the
	 * access rules and limits; a refused one must be closed at once by the caller.
	 */
	@Nullable Refusal open(ConnectionRecord record, AccessRules access, ListenerSpec.Limits limits) {
		this.open.put(record.id, record);
		this.stats.connectionsTotal.increment();
		int active = this.stats.connectionsActive.incrementAndGet();
		int fromSource = (record.source != null)
				? this.perSource.merge(Sources.key(record.source), 1, Integer::sum) : 0;
		String denied = (record.source != null) ? access.refusal(record.source) : null;
		Refusal refusal = null;
		if (denied != null) {
			refusal = new Refusal(CloseReason.DENIED, denied);
		}
		else if (active > limits.maxConnections()) {
			refusal = new Refusal(CloseReason.LIMIT, "over maxConnections " + limits.maxConnections());
		}
		else if (fromSource > limits.maxConnectionsPerSource()) {
			refusal = new Refusal(CloseReason.LIMIT, "over maxConnectionsPerSource " + limits.maxConnectionsPerSource());
		}
		if (refusal != null) {
			record.closeReason = refusal.reason();
			this.stats.rejected(refusal.reason());
		}
		return refusal;
	}

	@Nullable ConnectionRecord get(String id) {
		return this.open.get(id);
	}

	/** A failure closed it: remember why, unless a reason is already known. */
	void failed(String id, @Nullable CloseReason reason) {
		ConnectionRecord record = this.open.get(id);
		if (record != null && record.closeReason == null) {
			record.closeReason = reason;
		}
	}

	/**
	 * It closed: counted once (the first close event wins) and forgotten. Returns the record
	 * with its final reason, or null if it was already counted or never known.
	 */
	@Nullable ConnectionRecord closed(String id) {
		ConnectionRecord record = this.open.get(id);
		if (record == null || !record.startClosing()) {
			return null;
		}
		this.stats.connectionsActive.decrementAndGet();
		if (record.source != null) {
			this.perSource.computeIfPresent(Sources.key(record.source), (source, count) -> (count > 1) ? count - 1 : null);
		}
		if (record.closeReason == null) {
			record.closeReason = CloseReason.CLIENT;
		}
		this.stats.closed(record.closeReason);
		this.open.remove(id, record);
		if (this.open.isEmpty()) {
			synchronized (this.drained) {
				this.drained.notifyAll();
			}
		}
		return record;
	}

	/** netlab is about to close them all (stop, delete): that is their reason unless they have one. */
	void closingAll() {
		this.open.values().forEach(record -> {
			if (record.closeReason == null) {
				record.closeReason = CloseReason.SERVER;
			}
		});
	}

	/** Wait until every connection has closed, or the time is up. */
	void awaitDrained(Duration drain) {
		long deadline = System.nanoTime() + drain.toNanos();
		synchronized (this.drained) {
			while (!this.open.isEmpty() && System.nanoTime() < deadline) {
				try {
					this.drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/** The listener's transport is gone: whatever is left is forgotten (its close events will not come). */
	void clear() {
		this.open.clear();
		this.perSource.clear();
		this.stats.connectionsActive.set(0);
	}

	int size() {
		return this.open.size();
	}

	List<ConnectionView> views() {
		return this.open.values()
			.stream()
			.sorted(Comparator.comparing(ConnectionRecord::openedAt))
			.map(ConnectionRecord::view)
			.toList();
	}

}
