package io.netlab.bench;

import static io.netlab.bench.Stats.median;
import static io.netlab.bench.Stats.n0;
import static io.netlab.bench.Stats.verdict;
import static io.netlab.bench.Stats.withRange;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The markdown table, the checks and the JSON of one netlab-vs-Netty ping-pong scenario.
 * A scenario meets its target when netlab's msgs/s is at least {@link #RATE_TARGET} of Netty's
 * and its p99 at most {@link #P99_TARGET} times Netty's (issue 12), each as the median over the
 * rounds of netlab's round over the Netty round that ran right after it. Those two ran back to
 * back, so a slow spell of the shared machine tilts few pairs, where it can pull one server's
 * median down alone; the ratio of the two medians is shown beside it.
 *
 * @param tlsServerView TLS: the protocol and cipher each server said it negotiated (netlab: its
 * connections API, Netty: its log), by server name; empty for plain TCP and UDP
 */
record PingPongReport(Scenario scenario, List<RoundResult> netlab, List<RoundResult> netty,
		Map<String, Set<String>> tlsServerView) {

	static final double RATE_TARGET = 0.95;

	static final double P99_TARGET = 1.3;

	/** Median over the round pairs of netlab's msgs/s over Netty's. */
	double rateRatio() {
		return Stats.pairedMedian(this.netlab, this.netty, RoundResult::rate);
	}

	/** Median over the round pairs of netlab's p99 over Netty's. */
	double p99Ratio() {
		return Stats.pairedMedian(this.netlab, this.netty, r -> r.micros(99));
	}

	double rateRatioOfMedians() {
		return median(this.netlab, RoundResult::rate) / median(this.netty, RoundResult::rate);
	}

	double p99RatioOfMedians() {
		return median(this.netlab, r -> r.micros(99)) / median(this.netty, r -> r.micros(99));
	}

	boolean rateMet() {
		return rateRatio() >= RATE_TARGET;
	}

	boolean p99Met() {
		return p99Ratio() <= P99_TARGET;
	}

	String verdictText() {
		return verdict(rateMet() && p99Met());
	}

	/** TLS: every connection of both servers negotiated one and the same protocol and cipher. */
	boolean sameTls() {
		Set<String> all = new LinkedHashSet<>();
		this.netlab.forEach(r -> all.addAll(r.tls));
		this.netty.forEach(r -> all.addAll(r.tls));
		this.tlsServerView.values().forEach(all::addAll);
		return all.size() == 1;
	}

	String markdown() {
		boolean udp = this.scenario.kind() == Scenario.Kind.UDP;
		StringBuilder t = new StringBuilder();
		t.append("| server | msgs/s median (min–max) | MB/s | p50 µs | p99 µs median (min–max) | p99.9 µs | server CPU µs/msg | client CPU")
			.append(udp ? " | lost (late)" : "")
			.append(" | errors |\n");
		t.append("|---|---|---|---|---|---|---|---").append(udp ? "|---" : "").append("|---|\n");
		Map<String, Long> errorKinds = new TreeMap<>();
		for (List<RoundResult> rs : List.of(this.netlab, this.netty)) {
			long errors = rs.stream().mapToLong(RoundResult::errorCount).sum();
			rs.forEach(r -> r.errors.forEach((k, v) -> errorKinds.merge(r.server + ": " + k, v, Long::sum)));
			t.append("| ").append(rs.get(0).server)
				.append(" | ").append(withRange(rs, RoundResult::rate))
				.append(" | ").append(String.format("%.1f", median(rs, RoundResult::megabytesPerSecond)))
				.append(" | ").append(n0(median(rs, r -> r.micros(50))))
				.append(" | ").append(withRange(rs, r -> r.micros(99)))
				.append(" | ").append(n0(median(rs, r -> r.micros(99.9))))
				.append(" | ").append(String.format("%.1f", median(rs, RoundResult::serverCpuMicrosPerMessage)))
				.append(" | ").append(String.format("%.0f%%", 100 * median(rs, RoundResult::clientCpuShare)));
			if (udp) {
				long lost = rs.stream().mapToLong(r -> r.lost).sum();
				long late = rs.stream().mapToLong(r -> r.late).sum();
				long total = lost + rs.stream().mapToLong(r -> r.messages).sum();
				t.append(" | ").append(String.format("%,d (%d) = %.3f%%", lost, late, 100.0 * lost / Math.max(1, total)));
			}
			t.append(" | ").append(errors).append(" |\n");
		}
		double p50Ratio = median(this.netlab, r -> r.micros(50)) / median(this.netty, r -> r.micros(50));
		double p999Ratio = median(this.netlab, r -> r.micros(99.9)) / median(this.netty, r -> r.micros(99.9));
		double cpuRatio = median(this.netlab, RoundResult::serverCpuMicrosPerMessage)
				/ median(this.netty, RoundResult::serverCpuMicrosPerMessage);
		t.append(String.format("| **netlab/Netty** | **%.3f×** paired (of medians %.3f×; target ≥ %.2f: %s) | | %.2f× | **%.3f×** paired (of medians %.3f×; target ≤ %.2f: %s) | %.2f× | %.2f× | |%s |%n",
				rateRatio(), rateRatioOfMedians(), RATE_TARGET, verdict(rateMet()), p50Ratio, p99Ratio(),
				p99RatioOfMedians(), P99_TARGET, verdict(p99Met()), p999Ratio, cpuRatio, udp ? " |" : ""));
		t.append('\n');
		t.append("Verdict: **").append(verdictText()).append("**.");
		if (this.netlab.get(0).connections > 0) {
			t.append(String.format(" Connections ready (connected and echoed once) before each window: netlab %s, Netty %s of %,d.",
					ready(this.netlab), ready(this.netty), this.scenario.connections()));
		}
		t.append("\n\n");
		if (this.scenario.kind() == Scenario.Kind.TLS) {
			t.append(tlsLine()).append("\n\n");
		}
		if (!errorKinds.isEmpty()) {
			t.append("Errors over all rounds: ");
			t.append(errorKinds.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue())
				.collect(Collectors.joining("; ")));
			t.append("\n\n");
		}
		if (!this.scenario.note().isEmpty()) {
			t.append(this.scenario.note()).append("\n\n");
		}
		return t.toString();
	}

	private static String ready(List<RoundResult> rs) {
		int min = rs.stream().mapToInt(r -> r.ready).min().orElse(0);
		int max = rs.stream().mapToInt(r -> r.ready).max().orElse(0);
		return (min == max) ? String.format("%,d", min) : String.format("%,d–%,d", min, max);
	}

	private String tlsLine() {
		return String.format("Negotiated TLS, client's view: netlab %s, Netty %s; server's view: netlab %s (GET /api/listeners/bench-tls/connections), "
				+ "Netty %s (its log). Same protocol and cipher on both sides: **%s**.",
				clientView(this.netlab), clientView(this.netty), serverView("netlab"), serverView("Netty"),
				sameTls() ? "yes" : "NO, not comparable");
	}

	private static String clientView(List<RoundResult> rs) {
		Set<String> all = new LinkedHashSet<>();
		rs.forEach(r -> all.addAll(r.tls));
		return all.isEmpty() ? "none" : "`" + String.join("`, `", all) + "`";
	}

	private String serverView(String server) {
		Set<String> view = this.tlsServerView.getOrDefault(server, Set.of());
		return view.isEmpty() ? "not seen" : "`" + String.join("`, `", view) + "`";
	}

	Map<String, Object> json() {
		Map<String, Object> m = Json.object();
		m.put("id", this.scenario.id());
		m.put("title", this.scenario.title());
		m.put("kind", this.scenario.kind().name().toLowerCase(java.util.Locale.ROOT));
		m.put("payloadBytes", this.scenario.payloadBytes());
		m.put("connections", this.scenario.connections());
		Map<String, Object> sides = Json.object();
		for (List<RoundResult> rs : List.of(this.netlab, this.netty)) {
			Map<String, Object> side = Stats.side(rs);
			if (this.scenario.kind() == Scenario.Kind.UDP) {
				side.put("lost", rs.stream().mapToLong(r -> r.lost).sum());
				side.put("late", rs.stream().mapToLong(r -> r.late).sum());
			}
			else {
				side.put("readyMin", rs.stream().mapToInt(r -> r.ready).min().orElse(0));
			}
			if (this.scenario.kind() == Scenario.Kind.TLS) {
				Set<String> client = new LinkedHashSet<>();
				rs.forEach(r -> client.addAll(r.tls));
				side.put("tlsClientView", List.copyOf(client));
				side.put("tlsServerView", List.copyOf(this.tlsServerView.getOrDefault(rs.get(0).server, Set.of())));
			}
			sides.put(rs.get(0).server.toLowerCase(java.util.Locale.ROOT), side);
		}
		m.put("sides", sides);
		m.put("ratio", rateRatio());
		m.put("p99Ratio", p99Ratio());
		m.put("ratioOfMedians", rateRatioOfMedians());
		m.put("p99RatioOfMedians", p99RatioOfMedians());
		Map<String, Object> checks = Json.object();
		checks.put("rate", verdict(rateMet()));
		checks.put("p99", verdict(p99Met()));
		m.put("checks", checks);
		if (this.scenario.kind() == Scenario.Kind.TLS) {
			m.put("tlsSameOnBothSides", sameTls());
		}
		m.put("verdict", verdictText());
		return m;
	}

}
