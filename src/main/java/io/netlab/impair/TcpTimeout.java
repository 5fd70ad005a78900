package io.netlab.impair;

import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * {@code timeout}: stops every byte, and closes the connection {@code timeout} ms after it
 * started acting; 0 = never close, just hold, until the impairment is removed.
 */
final class TcpTimeout implements StreamImpairment {

	private final long timeoutMs;

	private final Effects effects;

	private final ConnectionControl connection;

	private volatile @Nullable ScheduledFuture<?> timer;

	TcpTimeout(ImpairmentSpec spec, Effects effects, ConnectionControl connection) {
		this.timeoutMs = spec.whole("timeout");
		this.effects = effects;
		this.connection = connection;
	}

	@Override
	public void apply(Chunk chunk, ChunkSink next) {
		// dropped on the ground, as Toxiproxy does
	}

	@Override
	public void start() {
		if (this.timeoutMs > 0) {
			this.timer = this.effects.timer(this.timeoutMs, () -> {
				this.effects.acted();
				this.connection.close();
			});
		}
	}

	@Override
	public void stop() {
		ScheduledFuture<?> pending = this.timer;
		if (pending != null) {
			pending.cancel(false);
		}
	}

}
