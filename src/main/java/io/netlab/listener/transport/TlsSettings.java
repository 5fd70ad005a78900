package io.netlab.listener.transport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * How a TCP listener serves TLS: its context, whether it asks for client certificates, and how
 * long a handshake may take. Only TLS 1.2 and 1.3 are offered.
 *
 * @param context the server's SSL context (key and trust material)
 * @param clientAuth {@code none}, {@code want} or {@code need}
 * @param handshakeTimeoutMs a handshake not finished by then closes the connection
 */
public record TlsSettings(SSLContext context, String clientAuth, long handshakeTimeoutMs) {

	static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	SSLEngine newServerEngine() {
		SSLEngine engine = this.context.createSSLEngine();
		engine.setUseClientMode(false);
		engine.setSSLParameters(parameters(engine.getSSLParameters()));
		return engine;
	}

	SSLParameters parameters(SSLParameters parameters) {
		parameters.setProtocols(PROTOCOLS);
		parameters.setNeedClientAuth("need".equals(this.clientAuth));
		if ("want".equals(this.clientAuth)) {
			parameters.setWantClientAuth(true);
		}
		return parameters;
	}

}
