package io.netlab.impair;

import java.util.Arrays;

/**
 * {@code bandwidth}: lets at most {@code rate} KB (1000 bytes) per second through; 0 = no limit.
 * On a raw stream a chunk goes out in pieces of 100 ms worth, as Toxiproxy sends them; a
 * framed message goes out whole once its bytes would have passed.
 */
final class TcpBandwidth implements StreamImpairment {

	private final long bytesPerSecond;

	private final boolean rawStream;

	private final Effects effects;

	private final Pacer pacer;

	TcpBandwidth(ImpairmentSpec spec, Effects effects, boolean rawStream) {
		this.bytesPerSecond = spec.whole("rate") * 1000;
		this.rawStream = rawStream;
		this.effects = effects;
		this.pacer = new Pacer(effects);
	}

	@Override
	public void apply(Chunk chunk, ChunkSink next) {
		if (this.bytesPerSecond <= 0) {
			next.send(chunk);
			return;
		}
		this.effects.acted();
		byte[] payload = chunk.payload();
		int piece = this.rawStream ? (int) Math.max(1, Math.min(Integer.MAX_VALUE, this.bytesPerSecond / 10))
				: Math.max(1, payload.length);
		for (int from = 0; from < payload.length; from += piece) {
			int to = Math.min(payload.length, from + piece);
			Chunk part = (from == 0 && to == payload.length) ? chunk
					: chunk.withPayload(Arrays.copyOfRange(payload, from, to));
			long waitNanos = this.pacer.reserve((to - from) * 1_000_000_000L / this.bytesPerSecond);
			this.effects.later(waitNanos, () -> next.send(part));
		}
	}

}
