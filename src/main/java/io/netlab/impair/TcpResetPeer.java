package io.netlab.impair;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * {@code reset_peer}: on the first bytes, waits {@code timeout} ms and then resets the
 * connection (RST, unsent data discarded); what arrives meanwhile is dropped, as Toxiproxy does.
 */
final class TcpResetPeer implements StreamImpairment {

	private final long timeoutMs;

	private final Effects effects;

	private final ConnectionControl connection;

	private final AtomicBoolean triggered = new AtomicBoolean();

	private volatile @Nullable ScheduledFuture<?> timer;

	TcpResetPeer(ImpairmentSpec spec, Effects effects, ConnectionControl connection) {
		this.timeoutMs = spec.whole("timeout");
		this.effects = effects;
		this.connection = connection;
	}

	@Override
	public void apply(Chunk chunk, ChunkSink next) {
		if (this.triggered.compareAndSet(false, true)) {
			this.timer = this.effects.timer(this.timeoutMs, () -> {
				this.effects.acted();
				this.connection.reset();
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
