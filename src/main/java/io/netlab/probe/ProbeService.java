package io.netlab.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netlab.events.ProbeCompleted;
import io.netlab.listener.FieldProblem;
import io.netlab.wire.Framing;
import io.netlab.listener.ListenerService;
import io.netlab.listener.ListenerSpec;
import io.netlab.listener.ListenerState;
import io.netlab.listener.ListenerView;
import io.netlab.wire.Protocol;
import io.netlab.wire.FrameCodec;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Sends test messages: turns a request into a checked {@link ProbePlan} (listener defaults,
 * validation, one DNS lookup, target policy) and runs it as a one-shot probe on the caller's
 * thread or as a load run on the load runs' selector threads. Every one-shot probe ends with a
 * {@link ProbeCompleted} for the live feed.
 */
@Service
public class ProbeService {

	private final ListenerService listeners;

	private final Resolver resolver;

	private final TargetPolicy policy;

	private final LoadRuns runs;

	private final ProbeMetrics metrics;

	private final ProbeProperties properties;

	private final RunProgress progress;

	private final ApplicationEventPublisher events;

	ProbeService(ListenerService listeners, Resolver resolver, TargetPolicy policy, LoadRuns runs,
			ProbeMetrics metrics, ProbeProperties properties, RunProgress progress, ApplicationEventPublisher events) {
		this.progress = progress;
		this.events = events;
		this.listeners = listeners;
		this.resolver = resolver;
		this.policy = policy;
		this.runs = runs;
		this.metrics = metrics;
		this.properties = properties;
	}

	/** One message, one reply; the outcome, whatever it is, is the result (never an exception). */
	public ProbeResult probe(ProbeRequest request) {
		ProbePlan plan;
		try {
			plan = plan(request);
		}
		catch (Unresolved ex) {
			ProbeResult result = dnsFailure(ex);
			this.metrics.probed(result.protocol(), ProbeError.DNS, ex.nanos);
			return completed(request.listener(), request.host() + ":" + request.port(), result);
		}
		long start = System.nanoTime();
		ProbeResult result = (plan.protocol() == Protocol.UDP) ? UdpProbe.run(plan)
				: new TcpProbe(plan, this.properties.maxPayloadBytes()).run();
		this.metrics.probed(plan.protocol(), result.error(), System.nanoTime() - start + plan.resolveNanos());
		return completed(plan.listener(), (result.remoteAddress() != null) ? result.remoteAddress()
				: ProbePlan.format(plan.target(plan.addresses().get(0))), result);
	}

	private ProbeResult completed(@Nullable String listener, String target, ProbeResult result) {
		this.events.publishEvent(new ProbeCompleted(Instant.now(), listener, result.protocol().wireName(), target,
				result.success(), (result.error() != null) ? result.error().wireName() : null, result.timings().total()));
		return result;
	}

	/** A load run, waited for: answers once it is over. */
	public LoadResult load(ProbeRequest request) {
		LoadRun run = startRun(request, false);
		long waitMs = run.plan().durationMs() + run.plan().timeoutMs() + 10_000;
		try {
			return run.result().get(waitMs, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			run.cancel();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for load run " + run.id(), ex);
		}
		catch (TimeoutException ex) {
			run.cancel();
			throw new IllegalStateException("Load run " + run.id() + " did not stop within " + waitMs + " ms", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Load run " + run.id() + " failed", ex.getCause());
		}
	}

	/** A load run in the background; its progress and result at {@code /api/probes/runs/{id}}. */
	RunView startAsync(ProbeRequest request) {
		return startRun(request, true).view();
	}

	RunView run(String id) {
		return this.runs.get(id).view();
	}

	List<RunView> runs() {
		return this.runs.list();
	}

	RunView cancel(String id) {
		LoadRun run = this.runs.cancel(id);
		try {
			// the loops stop at their next wake-up; the result follows at once
			run.result().get(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// the view says how it ended
		}
		return run.view();
	}

	private LoadRun startRun(ProbeRequest request, boolean keep) {
		ProbePlan plan;
		try {
			plan = plan(request);
		}
		catch (Unresolved ex) {
			throw ProbeException.unknownHost(ex.host, ex.getMessage());
		}
		LoadRun run = this.runs.start(plan, keep);
		run.result().thenAccept(this.metrics::loadRun);
		// a waited-for run is reported too: the console shows every run going on, however started
		this.progress.follow(run);
		return run;
	}

	/**
	 * The request with the listener's defaults, checked, its host resolved once and every
	 * address allowed by the policy.
	 */
	private ProbePlan plan(ProbeRequest requested) throws Unresolved {
		ListenerView listener = (requested.listener() != null) ? runningListener(requested.listener()) : null;
		ProbeRequest request = (listener != null) ? withDefaultsOf(listener, requested) : requested;
		List<FieldProblem> problems = new ArrayList<>(ProbeRequestValidator.validate(request, this.properties));
		if (listener != null && request.protocol() != listener.spec().protocol()) {
			problems.add(new FieldProblem("protocol", "listener '" + listener.spec().name() + "' is "
					+ listener.spec().protocol().wireName() + ", not " + request.protocol().wireName()));
		}
		if (!problems.isEmpty()) {
			throw ProbeException.invalid(problems);
		}
		String host;
		List<InetAddress> addresses;
		long resolveNanos;
		int port;
		if (listener != null) {
			host = connectAddress(listener.spec().bindAddress());
			addresses = List.of(literal(host));
			resolveNanos = 0;
			port = listener.boundPort();
		}
		else {
			host = request.host();
			port = request.port();
			long start = System.nanoTime();
			try {
				Resolver.Resolution resolution = this.resolver.resolve(host);
				addresses = resolution.addresses();
				resolveNanos = resolution.nanos();
			}
			catch (UnknownHostException ex) {
				throw new Unresolved(host, request.protocol(), System.nanoTime() - start, ex);
			}
		}
		this.policy.check(host, addresses, port);
		FrameCodec codec = null;
		if (request.protocol() == Protocol.TCP) {
			Framing framing = (request.framing() != null) ? request.framing() : Framing.RAW;
			int header = (request.lengthHeaderBytes() != null) ? request.lengthHeaderBytes() : 4;
			codec = new FrameCodec(framing, header, this.properties.maxPayloadBytes());
		}
		byte[] payload = ProbeRequestValidator.checkPayload(request, this.properties, new ArrayList<>());
		long timeoutMs = (request.timeoutMs() != null) ? request.timeoutMs() : this.properties.defaultTimeout().toMillis();
		long durationMs = (request.durationMs() != null) ? request.durationMs() : this.properties.maxDuration().toMillis();
		int concurrency = (request.concurrency() != null) ? request.concurrency()
				: (request.sourcePorts() != null) ? request.sourcePorts() : 1;
		double rate = (request.ratePerSecond() != null) ? request.ratePerSecond() : 0;
		Expect expect = (request.expect() != null) ? Expect.parse(request.expect()) : null;
		ProbeRequest.Tls tls = request.tlsEnabled() ? request.tls() : null;
		return new ProbePlan(request.protocol(), host, addresses, port, payload, codec, timeoutMs, expect,
				Boolean.TRUE.equals(request.halfClose()), tls, resolveNanos, request.count(), durationMs, concurrency,
				request.stamped(payload.length), rate, request.listener());
	}

	private ListenerView runningListener(String name) {
		ListenerView view = this.listeners.get(name);
		if (view.state() != ListenerState.RUNNING || view.boundPort() == null) {
			throw ProbeException.listenerNotRunning(name, view.state().name().toLowerCase(Locale.ROOT));
		}
		return view;
	}

	/** Protocol and framing default to the listener's, so that a probe speaks its language. */
	private static ProbeRequest withDefaultsOf(ListenerView listener, ProbeRequest request) {
		ListenerSpec spec = listener.spec();
		Protocol protocol = (request.protocol() != null) ? request.protocol() : spec.protocol();
		Framing framing = request.framing();
		Integer header = request.lengthHeaderBytes();
		if (protocol == Protocol.TCP && spec.protocol() == Protocol.TCP && framing == null) {
			framing = spec.framing();
			if (header == null && framing == Framing.LENGTH_PREFIX) {
				header = spec.lengthHeaderBytes();
			}
		}
		return new ProbeRequest(protocol, request.listener(), request.host(), request.port(), request.payload(),
				request.payloadBase64(), framing, header, request.timeoutMs(), request.expect(), request.halfClose(),
				request.tls(), request.count(), request.durationMs(), request.concurrency(), request.async(),
				request.stamp(), request.ratePerSecond(), request.sourcePorts());
	}

	/** Where to reach a listener bound to {@code bindAddress}: the wildcard means loopback. */
	private static String connectAddress(String bindAddress) {
		return switch (bindAddress) {
			case "0.0.0.0" -> "127.0.0.1";
			case "::", "::0", "0:0:0:0:0:0:0:0" -> "::1";
			default -> bindAddress;
		};
	}

	private static InetAddress literal(String address) {
		try {
			return InetAddress.getByName(address); // a literal: no lookup
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("A listener's bind address is not a literal: " + address, ex);
		}
	}

	private static ProbeResult dnsFailure(Unresolved ex) {
		double ms = ProbeResult.Timings.millis(ex.nanos);
		return new ProbeResult(false, ProbeError.DNS, "'" + ex.host + "' does not resolve: " + ex.getMessage(),
				ex.protocol, null, null, 0, 0, null, null, new ProbeResult.Timings(ms, null, null, null, ms), null);
	}

	/** The host did not resolve: a result for a one-shot probe, a 404 for a load run. */
	private static final class Unresolved extends Exception {

		final String host;

		final Protocol protocol;

		final long nanos;

		Unresolved(String host, Protocol protocol, long nanos, UnknownHostException cause) {
			super(reason(host, cause), cause, false, false);
			this.host = host;
			this.protocol = protocol;
			this.nanos = nanos;
		}

		private static String reason(String host, UnknownHostException cause) {
			String message = cause.getMessage();
			return (message == null || message.equals(host)) ? "no such host" : message;
		}

	}

}
