package io.netlab.impair;

/**
 * Bytes of a TCP stream on their way through impairments: a message as the listener cut it,
 * or a slice of one, and where it goes (opaque here).
 *
 * @param payload the bytes
 * @param route whatever the final sink needs to send them
 */
public record Chunk(byte[] payload, Object route) {

	Chunk withPayload(byte[] newPayload) {
		return new Chunk(newPayload, this.route);
	}

}
