package io.netlab.impair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code slicer}: cuts each chunk into slices of about {@code average_size} bytes (plus or
 * minus {@code size_variation}), {@code delay} microseconds apart, with Toxiproxy's halving
 * algorithm. Raw streams only: a slice of a frame would not be a frame.
 */
final class TcpSlicer implements StreamImpairment {

	private final int averageSize;

	private final int sizeVariation;

	private final long delayNanos;

	private final Effects effects;

	private final Pacer pacer;

	TcpSlicer(ImpairmentSpec spec, Effects effects) {
		this.averageSize = (int) spec.whole("average_size");
		this.sizeVariation = (int) spec.whole("size_variation");
		this.delayNanos = TimeUnit.MICROSECONDS.toNanos(spec.whole("delay"));
		this.effects = effects;
		this.pacer = new Pacer(effects);
	}

	@Override
	public void apply(Chunk chunk, ChunkSink next) {
		byte[] payload = chunk.payload();
		List<Integer> cuts = new ArrayList<>();
		cut(0, payload.length, cuts);
		if (cuts.size() > 2) {
			this.effects.acted();
		}
		for (int i = 1; i < cuts.size(); i += 2) {
			Chunk slice = chunk.withPayload(Arrays.copyOfRange(payload, cuts.get(i - 1), cuts.get(i)));
			if (i == 1) {
				this.pacer.send(slice, 0, next);
			}
			else {
				this.effects.later(this.pacer.reserve(this.delayNanos), () -> next.send(slice));
			}
		}
	}

	/** Toxiproxy's chunk(): halve with a random variation until a part is within the variation of the average. */
	private void cut(int start, int end, List<Integer> cuts) {
		if ((end - start) - this.averageSize <= this.sizeVariation) {
			cuts.add(start);
			cuts.add(end);
			return;
		}
		int variation = (this.sizeVariation > 0)
				? this.effects.random.nextInt(this.sizeVariation * 2) - this.sizeVariation : 0;
		int mid = start + (end - start) / 2 + variation;
		cut(start, mid, cuts);
		cut(mid, end, cuts);
	}

}
