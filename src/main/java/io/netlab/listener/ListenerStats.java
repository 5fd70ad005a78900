package io.netlab.listener;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one listener, updated from socket threads without locks.
 */
public final class ListenerStats {

	final AtomicInteger connectionsActive = new AtomicInteger();

	final LongAdder connectionsTotal = new LongAdder();

	final LongAdder connectionsRejected = new LongAdder();

	final LongAdder bytesReceived = new LongAdder();

	final LongAdder bytesSent = new LongAdder();

	final LongAdder messagesReceived = new LongAdder();

	final LongAdder messagesSent = new LongAdder();

	final LongAdder datagramsDropped = new LongAdder();

	private final Map<CloseReason, LongAdder> closed = new EnumMap<>(CloseReason.class);

	ListenerStats() {
		for (CloseReason reason : CloseReason.values()) {
			this.closed.put(reason, new LongAdder());
		}
	}

	void closed(CloseReason reason) {
		this.closed.get(reason).increment();
	}

	// Read-only accessors for meters: each sums its adder when read, nothing happens per message.

	public int connectionsActive() {
		return this.connectionsActive.get();
	}

	public long connectionsOpened() {
		return this.connectionsTotal.sum();
	}

	public long connectionsRejected() {
		return this.connectionsRejected.sum();
	}

	public long connectionsClosed(CloseReason reason) {
		return this.closed.get(reason).sum();
	}

	public long bytesReceived() {
		return this.bytesReceived.sum();
	}

	public long bytesSent() {
		return this.bytesSent.sum();
	}

	public long messagesReceived() {
		return this.messagesReceived.sum();
	}

	public long messagesSent() {
		return this.messagesSent.sum();
	}

	public long datagramsDropped() {
		return this.datagramsDropped.sum();
	}

	/**
	 * The counters as the API shows them.
	 */
	public record View(int connectionsActive, long connectionsTotal, long connectionsRejected, long bytesReceived,
			long bytesSent, long messagesReceived, long messagesSent, long datagramsDropped,
			Map<CloseReason, Long> connectionsClosed) {
	}

	View view() {
		return new View(this.connectionsActive.get(), this.connectionsTotal.sum(), this.connectionsRejected.sum(),
				this.bytesReceived.sum(), this.bytesSent.sum(), this.messagesReceived.sum(), this.messagesSent.sum(),
				this.datagramsDropped.sum(), closedView());
	}

	private Map<CloseReason, Long> closedView() {
		Map<CloseReason, Long> view = new EnumMap<>(CloseReason.class);
		this.closed.forEach((reason, count) -> view.put(reason, count.sum()));
		return view;
	}

}
