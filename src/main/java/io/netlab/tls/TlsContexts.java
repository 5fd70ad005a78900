package io.netlab.tls;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;

/**
 * Builds the SSL context of a TLS listener: from a Spring Boot SSL bundle
 * ({@code spring.ssl.bundle.*}, PEM or keystore) when one is named, else from the generated
 * certificate; client certificates are checked against a trust bundle when one is named.
 */
@Component
public class TlsContexts {

	private final ObjectProvider<SslBundles> bundles;

	private final GeneratedCertificate generated;

	TlsContexts(ObjectProvider<SslBundles> bundles, GeneratedCertificate generated) {
		this.bundles = bundles;
		this.generated = generated;
	}

	/** Whether a bundle of this name is configured. */
	public boolean hasBundle(String name) {
		SslBundles all = this.bundles.getIfAvailable();
		if (all == null) {
			return false;
		}
		try {
			all.getBundle(name);
			return true;
		}
		catch (NoSuchSslBundleException ex) {
			return false;
		}
	}

	/** The server context for a listener with this key bundle (null = generated) and trust bundle. */
	public SSLContext serverContext(@Nullable String bundle, @Nullable String trustBundle) {
		SslBundle keys = (bundle != null) ? this.bundles.getObject().getBundle(bundle) : this.generated.bundle();
		if (trustBundle == null) {
			return keys.createSslContext();
		}
		SslBundle trust = this.bundles.getObject().getBundle(trustBundle);
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getManagers().getKeyManagers(), trust.getManagers().getTrustManagers(), null);
			return context;
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot combine SSL bundles " + bundle + " and " + trustBundle + ": "
					+ ex.getMessage(), ex);
		}
	}

}
