package io.netlab.listener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.netlab.events.ImpairmentAdded;
import io.netlab.events.ImpairmentRemoved;
import io.netlab.events.LabEvent;
import io.netlab.impair.ImpairmentSpec;

/**
 * The impairment events a change of a listener's spec stands for: one removed for each
 * impairment gone or changed, one added for each new or changed.
 */
final class ImpairmentEvents {

	private ImpairmentEvents() {
	}

	static List<LabEvent> added(ListenerSpec spec) {
		return changed(spec.withImpairments(List.of()), spec);
	}

	static List<LabEvent> changed(ListenerSpec before, ListenerSpec after) {
		Instant now = Instant.now();
		Map<String, ImpairmentSpec> old = byName(before.impairments());
		Map<String, ImpairmentSpec> current = byName(after.impairments());
		List<LabEvent> events = new ArrayList<>();
		old.forEach((name, spec) -> {
			if (!spec.equals(current.get(name))) {
				events.add(new ImpairmentRemoved(now, before.name(), name, spec.type()));
			}
		});
		current.forEach((name, spec) -> {
			if (!spec.equals(old.get(name))) {
				events.add(new ImpairmentAdded(now, after.name(), name, spec.type(), spec.stream().wireName()));
			}
		});
		return events;
	}

	private static Map<String, ImpairmentSpec> byName(List<ImpairmentSpec> specs) {
		return specs.stream()
			.collect(Collectors.toMap(ImpairmentSpec::name, Function.identity(), (a, b) -> a,
					java.util.LinkedHashMap::new));
	}

}
