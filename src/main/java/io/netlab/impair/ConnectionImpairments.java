package io.netlab.impair;

import java.util.List;

/**
 * The impairments acting on one TCP connection, in order, each with its own state (a pacer, a
 * byte count, a timer). Built when the connection opens and again when the listener's
 * impairments change.
 */
public final class ConnectionImpairments {

	/** No impairment: what a connection has before its first are built. */
	public static final ConnectionImpairments NONE = new ConnectionImpairments(List.of(), chunk -> {
	});

	private final List<StreamImpairment> stages;

	private final ChunkSink entry;

	ConnectionImpairments(List<StreamImpairment> stages, ChunkSink out) {
		this.stages = stages;
		ChunkSink sink = out;
		for (int i = stages.size() - 1; i >= 0; i--) {
			StreamImpairment stage = stages.get(i);
			ChunkSink next = sink;
			sink = chunk -> stage.apply(chunk, next);
		}
		this.entry = sink;
	}

	/** Pass bytes through the impairments towards the connection's sink. */
	public void send(Chunk chunk) {
		this.entry.send(chunk);
	}

	/** The impairments start acting: timers (timeout) start now. */
	public void start() {
		this.stages.forEach(StreamImpairment::start);
	}

	/** The connection closed or the impairments changed: cancel the timers. */
	public void stop() {
		this.stages.forEach(StreamImpairment::stop);
	}

	/** How long the close of this stream is held back: the longest {@code slow_close} acting on it. */
	public long closeDelayMs() {
		return this.stages.stream().mapToLong(StreamImpairment::closeDelayMs).max().orElse(0);
	}

	public boolean isEmpty() {
		return this.stages.isEmpty();
	}

}
