package io.netlab.bench;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Medians and spreads over rounds, and how the bench prints them. */
final class Stats {

	private Stats() {
	}

	static double median(List<RoundResult> rs, ToDoubleFunction<RoundResult> f) {
		double[] v = rs.stream().mapToDouble(f).sorted().toArray();
		if (v.length == 0) {
			return Double.NaN;
		}
		return (v.length % 2 == 1) ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	/** The median over i of {@code f(a[i]) / f(b[i])}: rounds a[i] and b[i] ran back to back. */
	static double pairedMedian(List<RoundResult> a, List<RoundResult> b, ToDoubleFunction<RoundResult> f) {
		double[] v = java.util.stream.IntStream.range(0, Math.min(a.size(), b.size()))
			.mapToDouble(i -> f.applyAsDouble(a.get(i)) / f.applyAsDouble(b.get(i)))
			.sorted()
			.toArray();
		if (v.length == 0) {
			return Double.NaN;
		}
		return (v.length % 2 == 1) ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	static double min(List<RoundResult> rs, ToDoubleFunction<RoundResult> f) {
		return rs.stream().mapToDouble(f).min().orElse(Double.NaN);
	}

	static double max(List<RoundResult> rs, ToDoubleFunction<RoundResult> f) {
		return rs.stream().mapToDouble(f).max().orElse(Double.NaN);
	}

	static String n0(double v) {
		return Double.isNaN(v) ? "n/a" : String.format("%,.0f", v);
	}

	static String withRange(List<RoundResult> rs, ToDoubleFunction<RoundResult> f) {
		return n0(median(rs, f)) + " (" + n0(min(rs, f)) + "–" + n0(max(rs, f)) + ")";
	}

	/** {@code {"median": .., "min": .., "max": ..}} over the rounds. */
	static Map<String, Object> spread(List<RoundResult> rs, ToDoubleFunction<RoundResult> f) {
		Map<String, Object> m = Json.object();
		m.put("median", median(rs, f));
		m.put("min", min(rs, f));
		m.put("max", max(rs, f));
		return m;
	}

	/** One side of a comparison, for the JSON result: medians over its rounds, errors summed. */
	static Map<String, Object> side(List<RoundResult> rs) {
		Map<String, Object> m = Json.object();
		m.put("rounds", rs.size());
		m.put("msgsPerSec", spread(rs, RoundResult::rate));
		m.put("mbPerSec", median(rs, RoundResult::megabytesPerSecond));
		m.put("p50Us", median(rs, r -> r.micros(50)));
		m.put("p99Us", spread(rs, r -> r.micros(99)));
		m.put("p999Us", median(rs, r -> r.micros(99.9)));
		m.put("serverCpuUsPerMsg", median(rs, RoundResult::serverCpuMicrosPerMessage));
		m.put("clientCpuShare", median(rs, RoundResult::clientCpuShare));
		m.put("errors", rs.stream().mapToLong(RoundResult::errorCount).sum());
		Map<String, Object> kinds = Json.object();
		rs.forEach(r -> r.errors.forEach((k, v) -> kinds.merge(k, v, (a, b) -> (Long) a + (Long) b)));
		m.put("errorKinds", kinds);
		return m;
	}

	/**
	 * A two-sided comparison for the JSON result: {@code id}, {@code title}, {@code kind},
	 * {@code sides} (each as {@link #side}) and {@code ratio} (first side over second).
	 */
	static Map<String, Object> comparison(Object id, String title, String kind, String nameA, List<RoundResult> a,
			String nameB, List<RoundResult> b, double ratio) {
		Map<String, Object> m = Json.object();
		m.put("id", id);
		m.put("title", title);
		m.put("kind", kind);
		Map<String, Object> sides = Json.object();
		sides.put(nameA, side(a));
		sides.put(nameB, side(b));
		m.put("sides", sides);
		m.put("ratio", ratio);
		return m;
	}

	/** "met" or "NOT MET", as in the tables (NaN is not met). */
	static String verdict(boolean met) {
		return met ? "met" : "NOT MET";
	}

}
