package io.netlab.listener;

import java.net.InetAddress;
import java.util.List;

import io.netlab.wire.Cidr;

import org.jspecify.annotations.Nullable;

/**
 * A listener's firewall: sources in {@code deny} are refused; when {@code allow} is not empty,
 * only sources in it are accepted. Deny wins.
 *
 * @param allow networks allowed, none = every source
 * @param deny networks refused
 */
record AccessRules(List<Cidr> allow, List<Cidr> deny) {

	static final AccessRules OPEN = new AccessRules(List.of(), List.of());

	static AccessRules of(ListenerSpec.@Nullable Access access) {
		if (access == null) {
			return OPEN;
		}
		return new AccessRules(parse(access.allow()), parse(access.deny()));
	}

	private static List<Cidr> parse(@Nullable List<String> cidrs) {
		return (cidrs != null) ? cidrs.stream().map(Cidr::parse).toList() : List.of();
	}

	/** Why this source is refused, or null if it is accepted. */
	@Nullable String refusal(InetAddress source) {
		for (Cidr rule : this.deny) {
			if (rule.contains(source)) {
				return "denied by rule " + rule;
			}
		}
		if (!this.allow.isEmpty() && this.allow.stream().noneMatch(rule -> rule.contains(source))) {
			return "not in the allow list";
		}
		return null;
	}

}
