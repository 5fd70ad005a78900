package io.netlab.lab;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What applying a lab document changes (or, on a dry run, would change): one entry per
 * listener, probe module or monitor created, updated or deleted, in the order applied.
 *
 * @param dryRun true when nothing was changed
 * @param changes the changes; empty when the state already matches the document
 */
public record LabPlan(boolean dryRun, List<Change> changes) {

	/**
	 * One change.
	 *
	 * @param kind what is changed
	 * @param name its name
	 * @param action create, update or delete
	 */
	public record Change(Kind kind, String name, Action action) {
	}

	/** The kinds of thing a lab holds. */
	public enum Kind {

		LISTENER, PROBE_MODULE, MONITOR;

		@JsonValue
		String wireName() {
			return (this == PROBE_MODULE) ? "probeModule" : name().toLowerCase(Locale.ROOT);
		}

	}

	/** What is done to one thing. */
	public enum Action {

		CREATE, UPDATE, DELETE;

		@JsonValue
		String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
