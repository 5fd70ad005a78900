package io.netlab.impair;

/**
 * {@code slow_close}: holds the close of its stream back by {@code delay} ms once the other
 * side has closed; bytes pass unchanged. Acts where netlab relays a close: on a forward
 * listener (an echo listener's close follows its client's at once).
 */
final class TcpSlowClose implements StreamImpairment {

	private final long delayMs;

	TcpSlowClose(ImpairmentSpec spec) {
		this.delayMs = spec.whole("delay");
	}

	@Override
	public void apply(Chunk chunk, ChunkSink next) {
		next.send(chunk);
	}

	@Override
	public long closeDelayMs() {
		return this.delayMs;
	}

}
