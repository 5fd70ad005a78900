package io.netlab.listener;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an unreadable listener store at startup into a short message saying what to do.
 */
public class ListenerStoreFailureAnalyzer extends AbstractFailureAnalyzer<ListenerStoreException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenerStoreException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"netlab did not start, so that the listeners stored in " + cause.file()
						+ " are not lost. Repair the file (it is JSON: {\"version\":1,\"listeners\":[...]}), "
						+ "or move it away to start with no API-created listeners.",
				cause);
	}

}
