package io.netlab.impair;

/**
 * {@code duplicate}: sends each datagram twice with {@code probability}.
 */
final class DatagramDuplicate implements DatagramImpairment {

	private final double probability;

	private final Effects effects;

	DatagramDuplicate(ImpairmentSpec spec, Effects effects) {
		this.probability = spec.fraction("probability");
		this.effects = effects;
	}

	@Override
	public void apply(Datagram datagram, DatagramSink next) {
		boolean twice = this.effects.chance(this.probability);
		next.send(datagram);
		if (twice) {
			this.effects.acted();
			next.send(datagram);
		}
	}

}
