package io.netlab.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.netlab.lab.LabPlan.Action;
import io.netlab.lab.LabPlan.Change;
import io.netlab.lab.LabPlan.Kind;
import io.netlab.listener.ListenerSpec;
import io.netlab.monitor.MonitorSpec;

/**
 * Works out the changes that take the current lab to a desired (validated) one, in an order
 * that is safe to apply: monitors and listeners that go away first (freeing their ports), then
 * modules, listeners and monitors that are new or changed, and modules no monitor uses any
 * more last.
 */
final class LabPlanner {

	private LabPlanner() {
	}

	static List<Change> changes(Lab current, Lab desired) {
		Map<String, ListenerSpec> listenersNow = byName(current.listenersOrEmpty(), ListenerSpec::name);
		Map<String, ListenerSpec> listenersWanted = byName(
				desired.listenersOrEmpty().stream().map(ListenerSpec::withDefaults).toList(), ListenerSpec::name);
		Map<String, MonitorSpec> monitorsNow = byName(current.monitorsOrEmpty(), MonitorSpec::name);
		Map<String, MonitorSpec> monitorsWanted = byName(
				desired.monitorsOrEmpty().stream().map(spec -> spec.withDefaults(spec.name())).toList(), MonitorSpec::name);
		List<Change> changes = new ArrayList<>();
		deletions(Kind.MONITOR, monitorsNow, monitorsWanted, changes);
		deletions(Kind.LISTENER, listenersNow, listenersWanted, changes);
		upserts(Kind.PROBE_MODULE, current.probeModulesOrEmpty(), desired.probeModulesOrEmpty(), changes);
		upserts(Kind.LISTENER, listenersNow, listenersWanted, changes);
		upserts(Kind.MONITOR, monitorsNow, monitorsWanted, changes);
		deletions(Kind.PROBE_MODULE, current.probeModulesOrEmpty(), desired.probeModulesOrEmpty(), changes);
		return changes;
	}

	private static <T> void deletions(Kind kind, Map<String, T> now, Map<String, T> wanted, List<Change> changes) {
		now.keySet().stream().filter(name -> !wanted.containsKey(name)).forEach(name -> changes.add(new Change(kind, name, Action.DELETE)));
	}

	private static <T> void upserts(Kind kind, Map<String, T> now, Map<String, T> wanted, List<Change> changes) {
		wanted.forEach((name, spec) -> {
			T existing = now.get(name);
			if (existing == null) {
				changes.add(new Change(kind, name, Action.CREATE));
			}
			else if (!Objects.equals(existing, spec)) {
				changes.add(new Change(kind, name, Action.UPDATE));
			}
		});
	}

	private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
		Map<String, T> map = new LinkedHashMap<>();
		items.forEach(item -> map.put(name.apply(item), item));
		return map;
	}

}
