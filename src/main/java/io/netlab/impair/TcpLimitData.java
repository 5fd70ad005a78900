package io.netlab.impair;

import java.util.Arrays;

/**
 * {@code limit_data}: lets {@code bytes} through on the connection, then closes it, as
 * Toxiproxy does once the limit is reached.
 */
final class TcpLimitData implements StreamImpairment {

	private final long limit;

	private final Effects effects;

	private final ConnectionControl connection;

	/** Bytes let through so far; guarded by this. */
	private long passed;

	TcpLimitData(ImpairmentSpec spec, Effects effects, ConnectionControl connection) {
		this.limit = spec.whole("bytes");
		this.effects = effects;
		this.connection = connection;
	}

	@Override
	public void apply(Chunk chunk, ChunkSink next) {
		int length = chunk.payload().length;
		long allowed;
		synchronized (this) {
			allowed = Math.max(0, Math.min(length, this.limit - this.passed));
			this.passed += allowed;
		}
		if (allowed == length && this.passed < this.limit) {
			next.send(chunk);
			return;
		}
		if (allowed > 0) {
			next.send((allowed == length) ? chunk : chunk.withPayload(Arrays.copyOf(chunk.payload(), (int) allowed)));
		}
		this.effects.acted();
		this.connection.close();
	}

	@Override
	public void start() {
		if (this.limit == 0) {
			this.effects.acted();
			this.connection.close();
		}
	}

}
