package io.netlab.impair;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each impairment of a listener acted (datagrams dropped, duplicated, delayed,
 * connections reset ...), by impairment name; a changed impairment keeps its count.
 */
public final class ImpairmentCounters {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	LongAdder counter(String name) {
		return this.counts.computeIfAbsent(name, key -> new LongAdder());
	}

	/** The count of one impairment; 0 if it never acted. */
	public long actions(String name) {
		LongAdder count = this.counts.get(name);
		return (count != null) ? count.sum() : 0;
	}

	/** Forget the impairments no longer there. */
	public void retain(Collection<String> names) {
		this.counts.keySet().retainAll(names);
	}

	/** The counts of these impairments, in their order. */
	public Map<String, Long> view(Collection<String> names) {
		Map<String, Long> view = new LinkedHashMap<>();
		names.forEach(name -> view.put(name, actions(name)));
		return view;
	}

}
