package io.netlab.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The API token, from {@code netlab.api.token} ({@code NETLAB_API_TOKEN}) or a token file, and
 * its constant-time check.
 */
@Component
class ApiToken {

	private final byte @Nullable [] digest;

	ApiToken(ApiProperties properties) {
		String token = properties.token();
		if ((token == null || token.isBlank()) && properties.tokenFile() != null) {
			try {
				token = Files.readString(properties.tokenFile(), StandardCharsets.UTF_8).trim();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot read the API token file " + properties.tokenFile()
						+ " (netlab.api.token-file): " + ex.getMessage(), ex);
			}
		}
		this.digest = (token == null || token.isBlank()) ? null : sha256(token.strip());
	}

	boolean configured() {
		return this.digest != null;
	}

	/** Compares digests, so that neither the content nor the length of the token leaks through timing. */
	boolean matches(@Nullable String presented) {
		return this.digest != null && presented != null && MessageDigest.isEqual(this.digest, sha256(presented));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
