package io.netlab.impair;

/**
 * A datagram on its way through impairments: its payload, and where it goes (opaque here: the
 * listener's message, say).
 *
 * @param payload the bytes; impairments copy before they change any
 * @param route whatever the final sink needs to send it
 */
public record Datagram(byte[] payload, Object route) {

	Datagram withPayload(byte[] newPayload) {
		return new Datagram(newPayload, this.route);
	}

}
