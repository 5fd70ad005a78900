package io.netlab.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A mesh peer answers over a protocol: on its first probe, or again after it was down.
 *
 * @param peer the peer's address
 * @param protocol {@code tcp}, {@code udp} or {@code tls}
 */
public record MeshPeerUp(Instant at, String peer, String protocol) implements LabEvent {

	/** Mesh peers are no listeners of this netlab. */
	@Override
	public @Nullable String listener() {
		return null;
	}

}
