package io.netlab.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A TCP listener accepted a connection; on a TLS listener, once its handshake is done.
 *
 * @param connectionId the connection's id, as the connections API shows it
 * @param remote the peer's {@code address:port} ({@code [v6]:port} for IPv6)
 * @param tlsProtocol TLS: the negotiated protocol; else absent
 * @param tlsCipher TLS: the negotiated cipher suite
 * @param tlsHandshakeMs TLS: how long the handshake took
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionOpened(Instant at, String listener, String connectionId, String remote,
		@Nullable String tlsProtocol, @Nullable String tlsCipher, @Nullable Long tlsHandshakeMs) implements LabEvent {
}
