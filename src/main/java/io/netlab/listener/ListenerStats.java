package io.netlab.listener;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netlab.impair.ImpairmentCounters;
import io.netlab.listener.transport.TransportHealth;

/**
 * Counters of one listener, updated from socket threads without locks.
 */
public final class ListenerStats {

	final AtomicInteger connectionsActive = new AtomicInteger();

	/** What the transport found about its own health: accept failures, dead loops. */
	final TransportHealth transport = new TransportHealth();

	final LongAdder connectionsTotal = new LongAdder();

	/** How often each impairment acted; kept across restarts and changes, as the other counters. */
	final ImpairmentCounters impairments = new ImpairmentCounters();


	final LongAdder bytesReceived = new LongAdder();

	final LongAdder bytesSent = new LongAdder();

	final LongAdder messagesReceived = new LongAdder();

	final LongAdder messagesSent = new LongAdder();

	/**
	 * Echoes: each one a message (and its bytes) received and sent back, counted once here
	 * instead of in both pairs above (half the atomic adds per message); the accessors add them in.
	 */
	final LongAdder echoedMessages = new LongAdder();

	final LongAdder echoedBytes = new LongAdder();

	private final Map<CloseReason, LongAdder> closed = adders(CloseReason.class);

	private final Map<CloseReason, LongAdder> rejected = adders(CloseReason.class);

	private final Map<DropReason, LongAdder> dropped = adders(DropReason.class);

	private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
		Map<E, LongAdder> map = new EnumMap<>(type);
		for (E reason : type.getEnumConstants()) {
			map.put(reason, new LongAdder());
		}
		return map;
	}

	void closed(CloseReason reason) {
		this.closed.get(reason).increment();
	}

	/** A connection closed at once on accept; it is counted as closed too when its close event comes. */
	void rejected(CloseReason reason) {
		this.rejected.get(reason).increment();
	}

	void dropped(DropReason reason) {
		this.dropped.get(reason).increment();
	}

	// Read-only accessors for meters: each sums its adder when read, nothing happens per message.

	public long acceptErrors(TransportHealth.AcceptError reason) {
		return this.transport.acceptErrors(reason);
	}

	public int connectionsActive() {
		return this.connectionsActive.get();
	}

	public long connectionsOpened() {
		return this.connectionsTotal.sum();
	}

	public long connectionsRejected(CloseReason reason) {
		return this.rejected.get(reason).sum();
	}

	public long connectionsClosed(CloseReason reason) {
		return this.closed.get(reason).sum();
	}

	public long bytesReceived() {
		return this.bytesReceived.sum() + this.echoedBytes.sum();
	}

	public long bytesSent() {
		return this.bytesSent.sum() + this.echoedBytes.sum();
	}

	public long messagesReceived() {
		return this.messagesReceived.sum() + this.echoedMessages.sum();
	}

	public long messagesSent() {
		return this.messagesSent.sum() + this.echoedMessages.sum();
	}

	/** How often the named impairment acted. */
	public long impairmentActions(String impairment) {
		return this.impairments.actions(impairment);
	}

	public long datagramsDropped(DropReason reason) {
		return this.dropped.get(reason).sum();
	}

	/**
	 * The counters as the API shows them.
	 */
	public record View(int connectionsActive, long connectionsTotal, long connectionsRejected, long bytesReceived,
			long bytesSent, long messagesReceived, long messagesSent, long datagramsDropped,
			Map<CloseReason, Long> connectionsClosed, Map<CloseReason, Long> connectionsRejectedByReason,
			Map<DropReason, Long> datagramsDroppedByReason) {
	}

	View view() {
		Map<CloseReason, Long> rejectedView = sums(this.rejected);
		Map<DropReason, Long> droppedView = sums(this.dropped);
		return new View(this.connectionsActive.get(), this.connectionsTotal.sum(),
				rejectedView.values().stream().mapToLong(Long::longValue).sum(), bytesReceived(), bytesSent(),
				messagesReceived(), messagesSent(),
				droppedView.values().stream().mapToLong(Long::longValue).sum(), sums(this.closed), rejectedView,
				droppedView);
	}

	private static <E extends Enum<E>> Map<E, Long> sums(Map<E, LongAdder> adders) {
		Map<E, Long> view = new java.util.LinkedHashMap<>();
		adders.forEach((reason, count) -> view.put(reason, count.sum()));
		return view;
	}

}
