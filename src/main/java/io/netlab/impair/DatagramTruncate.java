package io.netlab.impair;

import java.util.Arrays;

/**
 * {@code truncate}: cuts every datagram longer than {@code bytes} to that length.
 */
final class DatagramTruncate implements DatagramImpairment {

	private final int bytes;

	private final Effects effects;

	DatagramTruncate(ImpairmentSpec spec, Effects effects) {
		this.bytes = (int) spec.whole("bytes");
		this.effects = effects;
	}

	@Override
	public void apply(Datagram datagram, DatagramSink next) {
		if (datagram.payload().length <= this.bytes) {
			next.send(datagram);
			return;
		}
		this.effects.acted();
		next.send(datagram.withPayload(Arrays.copyOf(datagram.payload(), this.bytes)));
	}

}
