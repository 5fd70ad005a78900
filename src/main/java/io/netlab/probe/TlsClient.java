package io.netlab.probe;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.jspecify.annotations.Nullable;

/**
 * The client side of a TLS probe: layers TLS over a connected socket, checks the peer as an
 * HTTPS client would (trusted chain, matching name) unless told to be insecure, and describes
 * the session. The contexts are created once and shared; they are thread-safe.
 */
final class TlsClient {

	private TlsClient() {
	}

	/** Hand-shake over {@code socket}; the returned socket owns (and closes) it. */
	static SSLSocket handshake(Socket socket, String serverName, boolean sni, int port, boolean insecure,
			int timeoutMs) throws IOException {
		SSLContext context = insecure ? Insecure.CONTEXT : secure();
		SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, serverName, port, true);
		SSLParameters parameters = ssl.getSSLParameters();
		if (!insecure) {
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
		}
		if (sni) {
			parameters.setServerNames(List.of(new SNIHostName(serverName)));
		}
		ssl.setSSLParameters(parameters);
		ssl.setSoTimeout(timeoutMs);
		ssl.startHandshake();
		return ssl;
	}

	static ProbeResult.TlsSession describe(SSLSession session) {
		String subject = null;
		String issuer = null;
		java.time.Instant notAfter = null;
		try {
			Certificate[] chain = session.getPeerCertificates();
			if (chain.length > 0 && chain[0] instanceof X509Certificate peer) {
				subject = peer.getSubjectX500Principal().getName();
				issuer = peer.getIssuerX500Principal().getName();
				notAfter = peer.getNotAfter().toInstant();
			}
		}
		catch (SSLPeerUnverifiedException ex) {
			// an anonymous session has no certificate to describe
		}
		return new ProbeResult.TlsSession(session.getProtocol(), session.getCipherSuite(), subject, issuer, notAfter);
	}

	private static SSLContext secure() throws IOException {
		try {
			return SSLContext.getDefault();
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("No default TLS context: " + ex.getMessage(), ex);
		}
	}

	/** Trusts every certificate and name; the probe still reports what it got. */
	private static final class Insecure extends X509ExtendedTrustManager {

		static final SSLContext CONTEXT = create();

		private static SSLContext create() {
			try {
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(null, new TrustManager[] { new Insecure() }, null);
				return context;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot create an insecure TLS context", ex);
			}
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate @Nullable [] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
