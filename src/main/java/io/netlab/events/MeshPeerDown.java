package io.netlab.events;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A mesh peer that answered over a protocol no longer does (or never did, on its first probe).
 *
 * @param peer the peer's address
 * @param protocol {@code tcp}, {@code udp} or {@code tls}
 * @param message what the probe said
 */
public record MeshPeerDown(Instant at, String peer, String protocol, @Nullable String message) implements LabEvent {

	/** Mesh peers are no listeners of this netlab. */
	@Override
	public @Nullable String listener() {
		return null;
	}

}
