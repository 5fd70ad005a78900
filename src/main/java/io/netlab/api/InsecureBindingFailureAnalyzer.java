package io.netlab.api;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says how to start netlab when it refused to bind HTTP beyond loopback without a token.
 */
public class InsecureBindingFailureAnalyzer extends AbstractFailureAnalyzer<InsecureBindingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InsecureBindingException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set an API token (environment variable NETLAB_API_TOKEN, property netlab.api.token, or a file "
						+ "named by netlab.api.token-file), or bind HTTP to loopback with server.address=127.0.0.1.",
				cause);
	}

}
