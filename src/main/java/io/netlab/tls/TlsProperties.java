package io.netlab.tls;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the certificate netlab generates for TLS listeners without a bundle.
 *
 * @param hostNames extra DNS names for the generated certificate, besides localhost, 127.0.0.1 and ::1
 */
@ConfigurationProperties("netlab.tls")
public record TlsProperties(@Nullable List<String> hostNames) {

	public TlsProperties {
		hostNames = (hostNames != null) ? List.copyOf(hostNames) : List.of();
	}

}
