package io.netlab.impair;

/**
 * {@code corrupt}: with {@code probability}, flips the bits of one byte of the datagram.
 */
final class DatagramCorrupt implements DatagramImpairment {

	private final double probability;

	private final Effects effects;

	DatagramCorrupt(ImpairmentSpec spec, Effects effects) {
		this.probability = spec.fraction("probability");
		this.effects = effects;
	}

	@Override
	public void apply(Datagram datagram, DatagramSink next) {
		byte[] payload = datagram.payload();
		if (payload.length == 0 || !this.effects.chance(this.probability)) {
			next.send(datagram);
			return;
		}
		byte[] corrupted = payload.clone();
		corrupted[this.effects.random.nextInt(corrupted.length)] ^= (byte) 0xFF;
		this.effects.acted();
		next.send(datagram.withPayload(corrupted));
	}

}
