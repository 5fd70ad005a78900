package io.netlab.listener.transport;

import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionEvent;

/**
 * A TLS connection finished its handshake: published by the connection itself, like Spring
 * Integration's own connection events, so code above the transport learns the protocol, the
 * cipher suite and how long it took without knowing which transport it runs on.
 */
public class TlsHandshakeCompletedEvent extends TcpConnectionEvent {

	private final String protocol;

	private final String cipherSuite;

	private final long handshakeMillis;

	public TlsHandshakeCompletedEvent(TcpConnection connection, String factoryName, String protocol,
			String cipherSuite, long handshakeMillis) {
		super(connection, factoryName);
		this.protocol = protocol;
		this.cipherSuite = cipherSuite;
		this.handshakeMillis = handshakeMillis;
	}

	public String getProtocol() {
		return this.protocol;
	}

	public String getCipherSuite() {
		return this.cipherSuite;
	}

	public long getHandshakeMillis() {
		return this.handshakeMillis;
	}

}
