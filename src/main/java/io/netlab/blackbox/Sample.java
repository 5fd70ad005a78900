package io.netlab.blackbox;

import java.util.Map;

/**
 * One gauge sample of a probe, named and described as blackbox_exporter names and describes it.
 *
 * @param family the metric family, such as {@code probe_success}; a summary's {@code _sum} and
 *     {@code _count} samples belong to the summary's family
 * @param name the sample's name: the family, or for a summary also {@code family_sum}, {@code family_count}
 * @param help the family's HELP text
 * @param summary whether the family is a summary (else a gauge)
 * @param labels its labels (usually none)
 * @param value its value
 */
public record Sample(String family, String name, String help, boolean summary, Map<String, String> labels,
		double value) {

	static Sample of(String name, String help, double value) {
		return new Sample(name, name, help, false, Map.of(), value);
	}

	static Sample labelled(String name, String help, String label, String labelValue, double value) {
		return new Sample(name, name, help, false, Map.of(label, labelValue), value);
	}

}
