package io.netlab.listener;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Starts TLS on a forward listener's upstream connection: checking the upstream's certificate
 * and name, or (verify false, for a lab's self-signed upstream) accepting any.
 */
final class UpstreamTlsClient {

	private static final String[] PROTOCOLS = { "TLSv1.3", "TLSv1.2" };

	private final SSLContext context;

	private final boolean verify;

	UpstreamTlsClient(boolean verify) {
		this.verify = verify;
		try {
			if (verify) {
				this.context = SSLContext.getDefault();
			}
			else {
				this.context = SSLContext.getInstance("TLS");
				this.context.init(null, new TrustManager[] { new AnyCertificate() }, null);
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("TLS is not available: " + ex.getMessage(), ex);
		}
	}

	/** TLS over a connected socket, its handshake done; throws if it fails. */
	SSLSocket start(Socket plain, String host, int port) throws IOException {
		SSLSocket tls = (SSLSocket) this.context.getSocketFactory().createSocket(plain, host, port, true);
		SSLParameters parameters = tls.getSSLParameters();
		parameters.setProtocols(PROTOCOLS);
		if (this.verify) {
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
		}
		tls.setSSLParameters(parameters);
		tls.startHandshake();
		return tls;
	}

	/** Accepts whatever certificate the upstream shows: chosen with {@code verify: false}. */
	private static final class AnyCertificate implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
