package io.netlab.api;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the control plane's protection under {@code netlab.api.*}.
 *
 * @param token the API token mutating requests must present as {@code Authorization: Bearer}
 * (also from the environment variable {@code NETLAB_API_TOKEN}); none by default
 * @param tokenFile a file holding the token, for secrets mounted as files
 * @param allowedHosts extra names the {@code Host} header may carry, besides localhost, the
 * loopback addresses and the bound address
 * @param maxBodyBytes the largest request body accepted
 * @param allowedOrigins origin patterns (such as {@code https://*.example.org}) of web pages that
 * may send mutating requests, besides netlab's own console; none by default
 */
@ConfigurationProperties("netlab.api")
public record ApiProperties(@Nullable String token, @Nullable Path tokenFile, @Nullable List<String> allowedHosts,
		@DefaultValue("65536") long maxBodyBytes, @Nullable List<String> allowedOrigins) {

	public ApiProperties {
		allowedHosts = (allowedHosts != null) ? List.copyOf(allowedHosts) : List.of();
		allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : List.of();
	}

}
