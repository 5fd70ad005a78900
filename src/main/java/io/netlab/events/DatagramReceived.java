package io.netlab.events;

import java.time.Instant;

/**
 * A UDP listener received a datagram. Sampled like {@link MessageReceived}.
 *
 * @param remote the sender's {@code address:port}
 * @param size payload bytes
 * @param preview at most the first {@value Preview#MAX_BYTES} bytes, escaped (see {@link Preview})
 */
public record DatagramReceived(Instant at, String listener, String remote, int size, String preview)
		implements LabEvent {

	public static DatagramReceived of(String listener, String remote, byte[] payload) {
		return new DatagramReceived(Instant.now(), listener, remote, payload.length, Preview.of(payload));
	}

}
