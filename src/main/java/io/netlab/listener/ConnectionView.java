package io.netlab.listener;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An open TCP connection as the API shows it.
 *
 * @param id the connection id, for {@code DELETE /api/listeners/{name}/connections/{id}}
 * @param remoteAddress the peer's address and port
 * @param openedAt when it was accepted
 * @param bytesReceived payload bytes received (framing excluded)
 * @param bytesSent payload bytes sent (framing excluded)
 * @param messagesReceived frames received
 * @param messagesSent frames sent
 * @param tlsProtocol TLS: the negotiated protocol, once the handshake is done
 * @param tlsCipher TLS: the negotiated cipher suite
 * @param tlsHandshakeMs TLS: how long the handshake took
 * @param upstream forward: netlab's side and the upstream's of the relayed connection, once connected
 */
public record ConnectionView(String id, String remoteAddress, Instant openedAt, long bytesReceived, long bytesSent,
		long messagesReceived, long messagesSent, @Nullable String tlsProtocol, @Nullable String tlsCipher,
		@Nullable Long tlsHandshakeMs, @Nullable String upstream) {
}
