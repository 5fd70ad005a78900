package io.netlab.impair;

/**
 * {@code loss}: drops each datagram with {@code probability}.
 */
final class DatagramLoss implements DatagramImpairment {

	private final double probability;

	private final Effects effects;

	DatagramLoss(ImpairmentSpec spec, Effects effects) {
		this.probability = spec.fraction("probability");
		this.effects = effects;
	}

	@Override
	public void apply(Datagram datagram, DatagramSink next) {
		if (this.effects.chance(this.probability)) {
			this.effects.acted();
			return;
		}
		next.send(datagram);
	}

}
