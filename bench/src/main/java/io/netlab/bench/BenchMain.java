package io.netlab.bench;

import static io.netlab.bench.Stats.median;
import static io.netlab.bench.Stats.n0;
import static io.netlab.bench.Stats.verdict;
import static io.netlab.bench.Stats.withRange;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The benchmark driver, started by {@code bench/run.sh} with both servers already up. It runs
 * the scenarios in one JVM (so the client's own JIT stays warm), alternating netlab and Netty
 * round by round, prints each round as it ends, and writes the markdown tables to
 * {@code out=FILE} and the same results as JSON members ({@code "scenarios": [...], ...},
 * without the enclosing braces: run.sh adds the header) to {@code json=FILE}.
 *
 * <p>Arguments are {@code key=value}: {@code netlab.pid}, {@code netty.pid}, {@code netlab.url},
 * {@code netlab.<listener>} and {@code netty.<listener>} ports, {@code rounds},
 * {@code round.secs}, {@code warmup.secs}, {@code tls.warmup.secs}, {@code scenarios} (e.g. {@code 1,2,6}),
 * {@code scale.conns}, {@code scale.step}, {@code scale.secs}, {@code udp.loss.ms},
 * {@code check.rounds}, {@code check.secs}, {@code epoll} (path of the C client),
 * {@code tls.protocol} and {@code tls.cipher} (what the TLS client offers; blank = JDK default),
 * {@code netty.log} (where the Netty server prints the TLS it negotiated), {@code out}, {@code json}.
 */
public final class BenchMain {

	private final Map<String, String> conf;

	private final StringBuilder md = new StringBuilder();

	private final long netlabPid;

	private final long nettyPid;

	/** Per scenario (and client check) its JSON result, in the order they ran. */
	private final List<Object> json = new ArrayList<>();

	/** One line per scenario for the summary table at the end. */
	private final List<String> summary = new ArrayList<>();

	/** What netlab's TLS listener reports for its open connections (read once, before a window). */
	private final Set<String> netlabTls = new TreeSet<>();

	private BenchMain(Map<String, String> conf) {
		this.conf = conf;
		this.netlabPid = Long.parseLong(conf.get("netlab.pid"));
		this.nettyPid = Long.parseLong(conf.get("netty.pid"));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> conf = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (eq > 0) {
				conf.put(arg.substring(0, eq), arg.substring(eq + 1));
			}
		}
		Locale.setDefault(Locale.ROOT);
		new BenchMain(conf).runAll();
	}

	private String get(String key, String fallback) {
		return this.conf.getOrDefault(key, fallback);
	}

	private int getInt(String key, int fallback) {
		return Integer.parseInt(get(key, Integer.toString(fallback)));
	}

	private void say(String line) {
		System.out.println(line);
		System.out.flush();
	}

	private void runAll() throws Exception {
		Set<Integer> selected = Arrays.stream(get("scenarios", "1,2,3,4,5,6,7,8,9,10").split(","))
			.map(String::trim)
			.filter(s -> !s.isEmpty())
			.map(Integer::valueOf)
			.collect(Collectors.toCollection(LinkedHashSet::new));
		say(String.format("CPU placement: client (this JVM) on CPUs %s; netlab pid %d on CPUs %s; Netty pid %d on CPUs %s",
				Proc.status(Proc.selfPid(), "Cpus_allowed_list"), this.netlabPid,
				Proc.status(this.netlabPid, "Cpus_allowed_list"), this.nettyPid,
				Proc.status(this.nettyPid, "Cpus_allowed_list")));
		this.md.append(String.format("CPU placement checked from /proc: client CPUs %s, netlab CPUs %s, Netty CPUs %s.%n%n",
				Proc.status(Proc.selfPid(), "Cpus_allowed_list"), Proc.status(this.netlabPid, "Cpus_allowed_list"),
				Proc.status(this.nettyPid, "Cpus_allowed_list")));
		for (Scenario scenario : Scenario.ALL) {
			if (!selected.contains(scenario.id())) {
				continue;
			}
			say("");
			say("== " + scenario.label() + "  [" + java.time.LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")) + "]");
			switch (scenario.kind()) {
				case TCP, TLS, UDP -> pingPong(scenario);
				case SCALE -> scale(scenario);
				case OVERHEAD -> overhead(scenario);
				case SKIPPED -> {
					say("scenario " + scenario.id() + ": skipped (" + scenario.note() + ")");
					this.md.append("### ").append(scenario.label()).append("\n\n")
						.append("scenario ").append(scenario.id()).append(": skipped (").append(scenario.note())
						.append(")\n\n");
				}
			}
			// the C client speaks raw TCP: it checks the 10-connection and the 1,000-connection shapes
			if ((scenario.id() == 1 || scenario.id() == 9) && this.conf.containsKey("epoll")) {
				clientCheck(scenario);
			}
		}
		summaryTable();
		netlabStats();
		String out = this.conf.get("out");
		if (out != null) {
			Files.writeString(Path.of(out), this.md.toString(), StandardCharsets.UTF_8);
		}
		String jsonOut = this.conf.get("json");
		if (jsonOut != null) {
			Map<String, Object> members = Json.object();
			Map<String, Object> targets = Json.object();
			targets.put("rateRatioMin", PingPongReport.RATE_TARGET);
			targets.put("p99RatioMax", PingPongReport.P99_TARGET);
			targets.put("scaleHeapRatioMax", 1.0);
			targets.put("overheadRatioMin", 0.95);
			members.put("targets", targets);
			members.put("scenarios", this.json);
			String object = Json.write(members);
			// members only: run.sh puts the header fields in front and closes the object
			Files.writeString(Path.of(jsonOut), object.substring(1, object.lastIndexOf('}')).strip() + "\n",
					StandardCharsets.UTF_8);
		}
	}

	private void summaryTable() {
		if (this.summary.isEmpty()) {
			return;
		}
		StringBuilder t = new StringBuilder("### Summary\n\n");
		t.append(String.format("Targets (issue 12): netlab/Netty msgs/s ≥ %.2f and p99 ≤ %.2f× Netty's, each the median over "
				+ "round pairs (netlab's round over the Netty round right after it; the ratio of the medians in brackets); "
				+ "scale: heap per idle connection ≤ Netty's; overhead: with/without ≥ 0.95.%n%n", PingPongReport.RATE_TARGET,
				PingPongReport.P99_TARGET));
		t.append("| # | scenario | netlab msgs/s | Netty msgs/s | ratio paired (of medians) | p99 µs netlab / Netty (ratio paired) | verdict |\n");
		t.append("|---|---|---|---|---|---|---|\n");
		this.summary.forEach(t::append);
		t.append('\n');
		say("");
		say(t.toString());
		this.md.append(t);
	}

	// ---------------------------------------------------------------- ping-pong scenarios

	private RoundResult round(Scenario s, String server, long seconds) throws IOException {
		Runnable beforeWindow = null;
		if (s.kind() == Scenario.Kind.TLS && server.equals("netlab") && this.netlabTls.isEmpty()) {
			beforeWindow = () -> this.netlabTls.addAll(NetlabApi.tlsOfConnections(this.conf.get("netlab.url"),
					get("netlab.tls.name", "bench-tls")));
		}
		boolean netlab = server.equals("netlab");
		String key = (netlab ? "netlab." + s.netlabListener() : "netty." + s.nettyListener());
		String port = this.conf.get(key);
		if (port == null) {
			throw new IllegalArgumentException("no port given for " + key);
		}
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(port));
		long pid = netlab ? this.netlabPid : this.nettyPid;
		long nanos = seconds * 1_000_000_000L;
		if (s.kind() == Scenario.Kind.UDP) {
			long loss = getInt("udp.loss.ms", 200) * 1_000_000L;
			return new UdpPingPong(address, s.payloadBytes(), s.connections(), loss).run(server, nanos, pid);
		}
		TlsLink.Client tls = (s.kind() == Scenario.Kind.TLS)
				? TlsLink.Client.trustAll(get("tls.protocol", ""), get("tls.cipher", "")) : null;
		return new TcpPingPong(address, s.wire(), s.payloadBytes(), s.connections(), tls).run(server, nanos, pid,
				beforeWindow);
	}

	private void pingPong(Scenario s) throws IOException {
		int rounds = getInt("rounds", 5);
		int roundSecs = getInt("round.secs", 10);
		// TLS gets its own warm-up: a server JVM on one CPU needs several seconds of TLS traffic before
		// its TLS path runs at full speed (seen for Netty's SslHandler above all)
		int warmupSecs = (s.kind() == Scenario.Kind.TLS) ? getInt("tls.warmup.secs", getInt("warmup.secs", 5))
				: getInt("warmup.secs", 5);
		say(String.format("warm-up %d s per server (discarded), then %d rounds x %d s, alternating netlab / Netty",
				warmupSecs, rounds, roundSecs));
		List<RoundResult> netlab = new ArrayList<>();
		List<RoundResult> netty = new ArrayList<>();
		if (warmupSecs > 0) {
			say("  warm-up " + round(s, "netlab", warmupSecs).summary());
			say("  warm-up " + round(s, "Netty", warmupSecs).summary());
		}
		for (int r = 1; r <= rounds; r++) {
			RoundResult a = round(s, "netlab", roundSecs);
			say(String.format("  round %d %s", r, a.summary()));
			netlab.add(a);
			RoundResult b = round(s, "Netty", roundSecs);
			say(String.format("  round %d %s", r, b.summary()));
			netty.add(b);
		}
		Map<String, Set<String>> tlsServerView = new HashMap<>();
		if (s.kind() == Scenario.Kind.TLS) {
			tlsServerView.put("netlab", Set.copyOf(this.netlabTls));
			tlsServerView.put("Netty", nettyTls());
		}
		PingPongReport report = new PingPongReport(s, netlab, netty, tlsServerView);
		String table = report.markdown();
		say("");
		say(table);
		this.md.append("### ").append(s.label()).append("\n\n").append(table).append('\n');
		this.json.add(report.json());
		this.summary.add(String.format("| %d | %s | %s | %s | %.3f× (%.3f×) | %s / %s (%.3f×) | %s |%n", s.id(), s.title(),
				n0(median(netlab, RoundResult::rate)), n0(median(netty, RoundResult::rate)), report.rateRatio(),
				report.rateRatioOfMedians(), n0(median(netlab, r -> r.micros(99))), n0(median(netty, r -> r.micros(99))),
				report.p99Ratio(), report.verdictText()));
	}

	/** The protocol/cipher pairs the Netty server printed to its log ({@code netty.log}). */
	private Set<String> nettyTls() {
		String log = this.conf.get("netty.log");
		Set<String> pairs = new TreeSet<>();
		if (log != null) {
			try {
				for (String line : Files.readAllLines(Path.of(log))) {
					if (line.startsWith("TLS-NEGOTIATED ")) {
						pairs.add(line.substring("TLS-NEGOTIATED ".length()).strip());
					}
				}
			}
			catch (IOException ex) {
				say("could not read the Netty log " + log + ": " + ex.getMessage());
			}
		}
		return pairs;
	}

	/**
	 * Scenario 7: scenario 1 against netlab only, alternating rounds with an observer (a live
	 * {@code /ws/events} subscriber that reads every frame, and a scrape of
	 * {@code /actuator/prometheus} every second) and without.
	 */
	/** Scrapes before scenario 7's warm-up rounds: enough for the JIT to finish with the scrape path. */
	private static final int WARMUP_SCRAPES = 400;

	private void overhead(Scenario s) throws Exception {
		int rounds = getInt("rounds", 5);
		int roundSecs = getInt("round.secs", 10);
		int warmupSecs = getInt("warmup.secs", 5);
		String url = this.conf.get("netlab.url");
		say(String.format("netlab only: %d rounds x %d s, alternating with and without a /ws/events subscriber and a"
				+ " 1 s /actuator/prometheus scrape", rounds, roundSecs));
		if (warmupSecs > 0) {
			// both ways, the watched one long enough for the JIT to be done with the scrape and event
			// paths: a scrape costs ~40 ms of CPU (mostly C2 compiling it) for its first hundred or so,
			// ~6 ms after a few hundred, and events come at 20/s; watched, the compiler threads stay
			// busy for ~100 s. The rounds measure the steady cost of being watched.
			int watchedSecs = getInt("overhead.warmup.secs", warmupSecs);
			int scrapes = Math.min(WARMUP_SCRAPES, 4 * watchedSecs); // a quick run stays quick
			say("  warm-up: " + Observer.scrapes(url, scrapes) + " scrapes back to back");
			try (Observer observer = new Observer(url, new java.util.concurrent.atomic.AtomicLong())) {
				say("  warm-up observed " + round(s, "netlab", watchedSecs).summary());
			}
			say("  warm-up plain    " + round(s, "netlab", warmupSecs).summary());
		}
		List<RoundResult> observed = new ArrayList<>();
		List<RoundResult> plain = new ArrayList<>();
		java.util.concurrent.atomic.AtomicLong frames = new java.util.concurrent.atomic.AtomicLong();
		for (int r = 1; r <= rounds; r++) {
			try (Observer observer = new Observer(url, frames)) {
				RoundResult a = round(s, "netlab", roundSecs);
				say(String.format("  round %d observed %s", r, a.summary()));
				observed.add(a);
			}
			RoundResult b = round(s, "netlab", roundSecs);
			say(String.format("  round %d plain    %s", r, b.summary()));
			plain.add(b);
		}
		// paired, as the other scenarios: each watched round over the plain round right after it
		double ratio = Stats.pairedMedian(observed, plain, RoundResult::rate);
		double ofMedians = median(observed, RoundResult::rate) / median(plain, RoundResult::rate);
		String table = String.format("| netlab | msgs/s median (min–max) | p99 µs | server CPU µs/msg |%n|---|---|---|---|%n"
				+ "| with subscriber + scrapes | %s | %s | %.1f |%n| without | %s | %s | %.1f |%n"
				+ "| **with/without** | **%.3f×** paired (%.3f× of medians; target ≥ 0.95: %s) | | |%n%n"
				+ "Event frames received by the subscriber: %d.%n",
				withRange(observed, RoundResult::rate), n0(median(observed, r -> r.micros(99))),
				median(observed, RoundResult::serverCpuMicrosPerMessage), withRange(plain, RoundResult::rate),
				n0(median(plain, r -> r.micros(99))), median(plain, RoundResult::serverCpuMicrosPerMessage), ratio,
				ofMedians, verdict(ratio >= 0.95), frames.get());
		say("");
		say(table);
		this.md.append("### ").append(s.label()).append("\n\n").append(table).append('\n');
		Map<String, Object> j = Stats.comparison(s.id(), s.title(), "overhead", "observed", observed, "plain", plain, ratio);
		j.put("ratioOfMedians", ofMedians);
		j.put("eventFrames", frames.get());
		j.put("verdict", verdict(ratio >= 0.95));
		this.json.add(j);
		this.summary.add(String.format("| %d | %s | with %s / without %s | | %.3f× (%.3f×; target ≥ 0.95) | | %s |%n", s.id(),
				s.title(), n0(median(observed, RoundResult::rate)), n0(median(plain, RoundResult::rate)), ratio, ofMedians,
				verdict(ratio >= 0.95)));
	}

	/** A live event subscriber that reads every frame, and a scraper, for one round. */
	private static final class Observer implements AutoCloseable {

		private final java.net.http.WebSocket socket;

		private final java.util.concurrent.ScheduledExecutorService scraper = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor();

		Observer(String url, java.util.concurrent.atomic.AtomicLong frames) throws Exception {
			HttpClient http = HttpClient.newHttpClient();
			this.socket = http.newWebSocketBuilder()
				.buildAsync(URI.create(url.replace("http://", "ws://") + "/ws/events"), new java.net.http.WebSocket.Listener() {

					@Override
					public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket,
							CharSequence data, boolean last) {
						frames.incrementAndGet();
						webSocket.request(1);
						return null;
					}

				})
				.get(10, java.util.concurrent.TimeUnit.SECONDS);
			HttpRequest scrape = HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(5))
				.build();
			this.scraper.scheduleAtFixedRate(() -> {
				try {
					http.send(scrape, HttpResponse.BodyHandlers.discarding());
				}
				catch (Exception ex) {
					// a missed scrape only lightens the load
				}
			}, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
		}

		/** Scrape {@code count} times, one after the other; returns how many answered. */
		static int scrapes(String url, int count) throws InterruptedException {
			HttpClient http = HttpClient.newHttpClient();
			HttpRequest scrape = HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(5))
				.build();
			int answered = 0;
			for (int i = 0; i < count; i++) {
				try {
					answered += (http.send(scrape, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) ? 1 : 0;
				}
				catch (java.io.IOException ex) {
					// counted as not answered
				}
			}
			return answered;
		}

		@Override
		public void close() {
			this.scraper.shutdownNow();
			this.socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "round over");
		}

	}

	// ---------------------------------------------------------------- client check

	/** Our Java client and the C epoll client, alternating, against the Netty server, in the shape of {@code s}. */
	private void clientCheck(Scenario s) throws IOException, InterruptedException {
		int rounds = getInt("check.rounds", 3);
		int secs = getInt("check.secs", 5);
		String port = this.conf.get("netty." + s.nettyListener());
		say("");
		say(String.format("== Client check: Java NIO client vs C epoll client against Netty, scenario %d shape, %d x %d s each",
				s.id(), rounds, secs));
		List<RoundResult> java = new ArrayList<>();
		List<RoundResult> c = new ArrayList<>();
		for (int r = 1; r <= rounds; r++) {
			RoundResult j = round(s, "Netty", secs);
			RoundResult e = epoll(port, s, secs);
			say(String.format("  round %d java  %s", r, j.summary()));
			say(String.format("  round %d epoll %s", r, e.summary()));
			java.add(j);
			c.add(e);
		}
		StringBuilder t = new StringBuilder("### Client check (scenario " + s.id() + " shape): is the Java client the bottleneck?\n\n");
		t.append(String.format("Both clients on CPU 1, one thread, %,d connections × %,d B raw ping-pong against the Netty server, ",
				s.connections(), s.payloadBytes()))
			.append(String.format("alternating, %d × %d s each.%n%n", rounds, secs));
		t.append("| client | msgs/s median (min–max) | p50 µs | p99 µs | p99.9 µs | client CPU (share of its core) | errors |\n");
		t.append("|---|---|---|---|---|---|---|\n");
		for (List<RoundResult> rs : List.of(java, c)) {
			t.append("| ").append(rs == java ? "Java NIO (bench)" : "C epoll (bench/epoll_client.c)")
				.append(" | ").append(withRange(rs, RoundResult::rate))
				.append(" | ").append(n0(median(rs, r -> r.micros(50))))
				.append(" | ").append(n0(median(rs, r -> r.micros(99))))
				.append(" | ").append(n0(median(rs, r -> r.micros(99.9))))
				.append(" | ").append(String.format("%.0f%%", 100 * median(rs, RoundResult::clientCpuShare)))
				.append(" | ").append(rs.stream().mapToLong(RoundResult::errorCount).sum())
				.append(" |\n");
		}
		double javaOverC = median(java, RoundResult::rate) / median(c, RoundResult::rate);
		t.append(String.format("| **Java/C** | **%.2f×** | | | | | |%n%n", javaOverC));
		say("");
		say(t.toString());
		this.md.append(t);
		this.json.add(Stats.comparison("client-check-" + s.id(),
				String.format("client check: Java NIO vs C epoll client against Netty, %d connections x %d B", s.connections(),
						s.payloadBytes()),
				"client-check", "java", java, "c", c, javaOverC));
	}

	private static final Pattern KV = Pattern.compile("(\\w+)=([-0-9.]+)");

	private RoundResult epoll(String port, Scenario s, int secs) throws IOException, InterruptedException {
		List<String> cmd = List.of(this.conf.get("epoll"), "127.0.0.1", port, Integer.toString(s.connections()),
				Integer.toString(s.payloadBytes()), Integer.toString(secs), Long.toString(TcpPingPong.SETTLE_NANOS / 1_000_000));
		long cpu0 = Proc.cpuNanos(this.nettyPid);
		String out = Proc.run(cmd);
		long cpu1 = Proc.cpuNanos(this.nettyPid);
		RoundResult r = new RoundResult("C-epoll");
		Map<String, String> kv = new HashMap<>();
		Matcher m = KV.matcher(out);
		while (m.find()) {
			kv.put(m.group(1), m.group(2));
		}
		if (!kv.containsKey("msgs")) {
			r.error("epoll client failed: " + out.strip());
			r.windowNanos = 1;
			return r;
		}
		r.messages = Long.parseLong(kv.get("msgs"));
		r.payloadBytes = r.messages * s.payloadBytes();
		r.windowNanos = (long) (Double.parseDouble(kv.get("secs")) * 1e9);
		r.clientCpuNanos = (long) (Double.parseDouble(kv.get("cpu")) * 1e9);
		r.serverCpuNanos = cpu1 - cpu0; // includes the settle time; close enough for a sanity check
		// the C client reports percentiles, not a histogram: record them as a 3-point stand-in
		long p50 = (long) (Double.parseDouble(kv.get("p50")) * 1000);
		long p99 = (long) (Double.parseDouble(kv.get("p99")) * 1000);
		long p999 = (long) (Double.parseDouble(kv.get("p999")) * 1000);
		r.latencyNanos.recordValueWithCount(Math.max(1, p50), 500);
		r.latencyNanos.recordValueWithCount(Math.max(1, p99), 490);
		r.latencyNanos.recordValueWithCount(Math.max(1, p999), 10);
		long errors = Long.parseLong(kv.getOrDefault("errors", "0"));
		if (errors > 0) {
			r.errors.put("C client errors", errors);
		}
		return r;
	}

	// ---------------------------------------------------------------- scale

	private void scale(Scenario s) throws IOException {
		int conns = getInt("scale.conns", s.connections());
		int step = getInt("scale.step", 1000);
		int secs = getInt("scale.secs", 30);
		int[] checkpoints = (step > 0 && step < conns) ? new int[] { step, conns } : new int[] { conns };
		say(String.format("ramp to %s connections (256 connecting at once), each sends %d B on open; snapshot when idle;"
				+ " then every connection sends 1 msg/s for %d s", Arrays.toString(checkpoints), s.payloadBytes(), secs));
		List<ScaleTest.Result> results = new ArrayList<>();
		for (String server : List.of("netlab", "Netty")) {
			boolean netlab = server.equals("netlab");
			String port = this.conf.get(netlab ? "netlab." + s.netlabListener() : "netty." + s.nettyListener());
			ScaleTest test = new ScaleTest(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), s.payloadBytes(),
					checkpoints, secs);
			ScaleTest.Result r = test.run(server, netlab ? this.netlabPid : this.nettyPid, this::say);
			say(String.format("  %s: opened %d, sent %d, answered %d, errors %s, 1 msg/s phase p50 %.0f p99 %.0f max %.0f us,"
					+ " first echo p99 %.0f max %.0f us", server, r.opened, r.sent, r.answered, r.errors,
					r.latencyNanos.getValueAtPercentile(50) / 1e3, r.latencyNanos.getValueAtPercentile(99) / 1e3,
					r.latencyNanos.getMaxValue() / 1e3, r.firstEchoNanos.getValueAtPercentile(99) / 1e3,
					r.firstEchoNanos.getMaxValue() / 1e3));
			say("  kernel TCP counters that moved (whole machine): " + r.kernel);
			results.add(r);
		}
		StringBuilder t = new StringBuilder("### ").append(s.label()).append("\n\n");
		t.append(String.format("Ramp to %s connections (256 connecting at once); each sends %d B on open and waits for the echo. "
				+ "Snapshots after `jcmd GC.run`: live heap = G1 `used` from `GC.heap_info`; RSS = VmRSS. Then every connection "
				+ "sends 1 msg/s (spread evenly) for %d s.%n%n", Arrays.toString(checkpoints), s.payloadBytes(), secs));
		t.append("| server | snapshot | connections | live heap KiB | RSS KiB | threads |\n|---|---|---|---|---|---|\n");
		for (ScaleTest.Result r : results) {
			for (ScaleTest.Snapshot snap : r.snapshots) {
				t.append(String.format("| %s | %s | %,d | %,d | %,d | %s |%n", r.server, snap.when(), snap.connections(),
						snap.heapKiB(), snap.rssKiB(), snap.threads()));
			}
		}
		t.append(String.format("%n| server | heap/conn at %,d | heap/conn at %,d | RSS/conn at %,d | heap/conn after traffic | msgs sent / answered | "
				+ "1 msg/s phase p50 / p99 / max µs | first echo after open p99 / max µs | ramp s | errors |%n|---|---|---|---|---|---|---|---|---|---|%n",
				checkpoints[0], checkpoints[checkpoints.length - 1], checkpoints[checkpoints.length - 1]));
		Map<String, Double> heapPerConn = new HashMap<>();
		Map<String, Object> sides = Json.object();
		for (ScaleTest.Result r : results) {
			ScaleTest.Snapshot zero = r.snapshots.get(0);
			String[] perConn = new String[3];
			double rssAtMax = Double.NaN;
			for (int i = 1; i < r.snapshots.size() - 1 && i <= 3; i++) {
				ScaleTest.Snapshot snap = r.snapshots.get(i);
				double heap = snap.connections() > 0 ? (snap.heapKiB() - zero.heapKiB()) * 1024.0 / snap.connections() : Double.NaN;
				perConn[i - 1] = Double.isNaN(heap) ? "n/a" : String.format("%,.0f B", heap);
				if (i == checkpoints.length) {
					rssAtMax = snap.connections() > 0 ? (snap.rssKiB() - zero.rssKiB()) * 1024.0 / snap.connections() : Double.NaN;
					heapPerConn.put(r.server, heap);
				}
			}
			String at1k = perConn[0];
			String atMax = perConn[checkpoints.length - 1];
			String after = perConn[checkpoints.length];
			t.append(String.format("| %s | %s | %s | %s | %s | %,d / %,d | %,.0f / %,.0f / %,.0f | %,.0f / %,.0f | %.1f | %s |%n",
					r.server, at1k, atMax, Double.isNaN(rssAtMax) ? "n/a" : String.format("%,.0f B", rssAtMax), after, r.sent,
					r.answered, r.latencyNanos.getValueAtPercentile(50) / 1e3, r.latencyNanos.getValueAtPercentile(99) / 1e3,
					r.latencyNanos.getMaxValue() / 1e3, r.firstEchoNanos.getValueAtPercentile(99) / 1e3,
					r.firstEchoNanos.getMaxValue() / 1e3, r.rampSeconds, r.errors.isEmpty() ? "0" : r.errors.toString()));
			Map<String, Object> side = Json.object();
			side.put("connections", conns);
			side.put("heapBytesPerIdleConn", heapPerConn.getOrDefault(r.server, Double.NaN));
			side.put("rssBytesPerIdleConn", rssAtMax);
			side.put("sent", r.sent);
			side.put("answered", r.answered);
			side.put("p50Us", r.latencyNanos.getValueAtPercentile(50) / 1e3);
			side.put("p99Us", r.latencyNanos.getValueAtPercentile(99) / 1e3);
			side.put("rampSeconds", r.rampSeconds);
			side.put("errors", r.errors.values().stream().mapToLong(Long::longValue).sum());
			side.put("errorKinds", new java.util.LinkedHashMap<String, Object>(r.errors));
			sides.put(r.server.toLowerCase(Locale.ROOT), side);
		}
		t.append('\n');
		for (ScaleTest.Result r : results) {
			t.append(String.format("Kernel TCP counters that moved during the %s test (whole machine, /proc/net/netstat): %s.  %n",
					r.server, r.kernel.isEmpty() ? "none of " + Proc.TCP_COUNTERS : r.kernel));
		}
		Double nl = heapPerConn.get("netlab");
		double ratio = heapPerConn.getOrDefault("netlab", Double.NaN) / heapPerConn.getOrDefault("Netty", Double.NaN);
		boolean allAnswered = results.get(0).sent == results.get(0).answered && results.get(0).errors.isEmpty();
		if (nl != null) {
			t.append(String.format("%nnetlab: %s heap per idle connection, %.3f× Netty's (target ≤ Netty's: %s; absolute target ≤ 10 KiB = 10,240 B: %s); "
					+ "every message answered with no error: %s.%n%n", String.format("%,.0f B", nl), ratio, verdict(ratio <= 1.0),
					verdict(nl <= 10240), allAnswered ? "yes" : "NO"));
		}
		say("");
		say(t.toString());
		this.md.append(t);
		Map<String, Object> j = Json.object();
		j.put("id", s.id());
		j.put("title", s.title());
		j.put("kind", "scale");
		j.put("payloadBytes", s.payloadBytes());
		j.put("connections", conns);
		j.put("sides", sides);
		j.put("heapRatio", ratio);
		j.put("allAnswered", allAnswered);
		j.put("verdict", verdict(ratio <= 1.0 && allAnswered));
		this.json.add(j);
		this.summary.add(String.format("| %d | %s (%,d connections) | heap/conn %s | %s | %.3f× | | %s |%n", s.id(), s.title(), conns,
				n0(heapPerConn.getOrDefault("netlab", Double.NaN)) + " B", n0(heapPerConn.getOrDefault("Netty", Double.NaN)) + " B",
				ratio, verdict(ratio <= 1.0 && allAnswered)));
	}

	// ---------------------------------------------------------------- netlab's own counters

	private static final Pattern LISTENER = Pattern.compile("\\{\"name\":\"([^\"]+)\"");

	/** Append netlab's per-listener counters (GET /api/listeners) as a cross-check of the client's. */
	private void netlabStats() {
		String url = this.conf.get("netlab.url");
		if (url == null) {
			return;
		}
		try {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			String body = http.send(HttpRequest.newBuilder(URI.create(url + "/api/listeners")).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString()).body();
			StringBuilder t = new StringBuilder("### netlab's own counters at the end (GET /api/listeners)\n\n");
			t.append("| listener | msgs received | msgs sent | connections total | rejected | datagrams dropped | closed by reason |\n");
			t.append("|---|---|---|---|---|---|---|\n");
			Matcher m = LISTENER.matcher(body);
			List<int[]> spans = new ArrayList<>();
			while (m.find()) {
				spans.add(new int[] { m.start(), 0 });
			}
			for (int i = 0; i < spans.size(); i++) {
				int end = (i + 1 < spans.size()) ? spans.get(i + 1)[0] : body.length();
				String one = body.substring(spans.get(i)[0], end);
				t.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", field(one, "\"name\":\"([^\"]+)\""),
						field(one, "\"messagesReceived\":(\\d+)"), field(one, "\"messagesSent\":(\\d+)"),
						field(one, "\"connectionsTotal\":(\\d+)"), field(one, "\"connectionsRejected\":(\\d+)"),
						field(one, "\"datagramsDropped\":(\\d+)"), field(one, "\"connectionsClosed\":(\\{[^}]*\\})")));
			}
			t.append('\n');
			say("");
			say(t.toString());
			this.md.append(t);
		}
		catch (IOException | RuntimeException ex) {
			say("could not read netlab's counters: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String field(String json, String regex) {
		Matcher m = Pattern.compile(regex).matcher(json);
		return m.find() ? m.group(1) : "–";
	}

}
