package io.netlab.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import io.netlab.events.LabEvent;
import io.netlab.events.ListenerChanged;
import io.netlab.events.ListenerCreated;
import io.netlab.events.ListenerDeleted;
import io.netlab.events.ListenerFailed;
import io.netlab.events.ListenerStarted;
import io.netlab.events.ListenerStopped;
import io.netlab.impair.ImpairmentSpec;
import io.netlab.impair.ImpairmentValidator;
import io.netlab.wire.Framing;
import io.netlab.listener.transport.TransportHealth;
import io.netlab.wire.Protocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * The listeners: create, change, start, stop and delete them, keep the API-created ones in the
 * store, and bring back at startup those from configuration and those the user built.
 * Lifecycle operations are serialized by one lock (they are rare and short: a bind, a drain);
 * reads never take it. Every change is written to the store before it is applied (and the
 * store is put back if applying fails), so a change the store cannot take is refused with 503
 * and changes nothing, and what runs is what a restart brings back.
 */
@Service
public class ListenerService implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ListenerService.class);

	private final Map<String, ManagedListener> listeners = new ConcurrentHashMap<>();

	/** Stored listeners whose entry cannot be used, with the reason: FAILED until replaced or deleted. */
	private final Map<String, String> unusable = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final ListenerFlows flows;

	private final ListenerTraffic traffic;

	private final ListenerStore store;

	private final ListenerProperties properties;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	ListenerService(ListenerFlows flows, ListenerTraffic traffic, ListenerStore store, ListenerProperties properties,
			ApplicationEventPublisher events) {
		this.events = events;
		this.flows = flows;
		this.traffic = traffic;
		this.store = store;
		this.properties = properties;
	}

	public List<ListenerView> list() {
		return this.listeners.values()
			.stream()
			.sorted(Comparator.comparing(ManagedListener::name))
			.map(ManagedListener::view)
			.toList();
	}

	public ListenerView get(String name) {
		return find(name).view();
	}

	/** The live counters of a listener, for meters; empty if there is no such listener. */
	public Optional<ListenerStats> stats(String name) {
		return Optional.ofNullable(this.listeners.get(name)).map(listener -> listener.stats);
	}

	/** The state of a listener, or null if there is no such listener. Cheap: no view is built. */
	public @Nullable ListenerState state(String name) {
		ManagedListener listener = this.listeners.get(name);
		return (listener != null) ? listener.state : null;
	}

	/**
	 * What the transport of a running listener found about its health; serving for a listener
	 * that is not running (its state tells) or that has no such listener.
	 */
	public TransportHealth.Status transportStatus(String name) {
		ManagedListener listener = this.listeners.get(name);
		ManagedListener.Running run = (listener != null) ? listener.running : null;
		return (run != null && run.transport() != null) ? run.transport().status() : TransportHealth.Status.SERVING;
	}

	/** True while the listener runs and its transport can serve. */
	public boolean serving(String name) {
		return state(name) == ListenerState.RUNNING
				&& transportStatus(name).condition() == TransportHealth.Condition.SERVING;
	}

	/** Create and start a listener; returns once its port is bound. */
	/**
	 * What is wrong with this spec, field by field, without changing anything; empty when
	 * {@link #create} would accept it (short of its port being taken).
	 */
	public List<FieldProblem> problems(ListenerSpec spec) {
		return ListenerSpecValidator.validate(spec);
	}

	public ListenerView create(ListenerSpec requested) {
		ListenerSpec spec = validated(requested);
		this.lock.lock();
		try {
			if (this.listeners.containsKey(spec.name())) {
				throw ListenerException.duplicate(spec.name());
			}
			ManagedListener listener = new ManagedListener(spec, ListenerSource.API, true);
			save(spec.name(), new ListenerStore.Entry(spec, true));
			ListenerStarted started;
			try {
				started = startOrThrow(listener, false);
			}
			catch (ListenerException ex) {
				restoreStore();
				throw ex;
			}
			this.listeners.put(spec.name(), listener);
			publish(new ListenerCreated(Instant.now(), spec.name(), spec.protocol().wireName()));
			ImpairmentEvents.added(spec).forEach(this::publish);
			publish(started);
			return listener.view();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Replace a listener's spec. A running listener is restarted with the new spec; if that
	 * cannot bind, the old spec is put back and the failure reported.
	 */
	public ListenerView update(String name, ListenerSpec requested) {
		ListenerSpec spec = validated(requested.withName(name));
		this.lock.lock();
		try {
			ManagedListener old = find(name);
			if (old.source == ListenerSource.CONFIG) {
				throw ListenerException.configOwned(name, "changed");
			}
			boolean wasRunning = old.desiredRunning;
			ListenerSpec normalized = spec;
			save(name, new ListenerStore.Entry(spec, wasRunning));
			if (!this.unusable.containsKey(name) && old.spec.differsOnlyInLiveFields(normalized)) {
				// access rules and impairments apply at once, open connections included: no restart
				ListenerSpec before = old.spec;
				old.changeLive(normalized);
				logger.info("Listener " + name + " changed without a restart: allow " + normalized.access().allow()
						+ ", deny " + normalized.access().deny() + ", " + normalized.impairments().size() + " impairment(s)");
				publish(new ListenerChanged(Instant.now(), name, normalized.protocol().wireName()));
				ImpairmentEvents.changed(before, normalized).forEach(this::publish);
				return old.view();
			}
			stopNow(old);
			ManagedListener replacement = new ManagedListener(spec, ListenerSource.API, wasRunning, old.stats);
			if (wasRunning) {
				try {
					startOrThrow(replacement);
				}
				catch (ListenerException ex) {
					if (!this.unusable.containsKey(name)) {
						tryStart(old);
					}
					restoreStore();
					throw ex;
				}
			}
			this.listeners.put(name, replacement);
			this.unusable.remove(name);
			publish(new ListenerChanged(Instant.now(), name, spec.protocol().wireName()));
			ImpairmentEvents.changed(old.spec, spec).forEach(this::publish);
			return replacement.view();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Delete a listener: its port is free again when this returns. */
	public void delete(String name) {
		this.lock.lock();
		try {
			ManagedListener listener = find(name);
			if (listener.source == ListenerSource.CONFIG) {
				throw ListenerException.configOwned(name, "deleted");
			}
			save(name, null);
			stopNow(listener);
			this.listeners.remove(name);
			this.unusable.remove(name);
			logger.info("Listener " + name + " deleted");
			ImpairmentEvents.changed(listener.spec, listener.spec.withImpairments(List.of())).forEach(this::publish);
			publish(new ListenerDeleted(Instant.now(), name, listener.spec.protocol().wireName()));
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Start a stopped or failed listener; starting a running one changes nothing. */
	public ListenerView start(String name) {
		this.lock.lock();
		try {
			ManagedListener listener = find(name);
			String reason = this.unusable.get(name);
			if (reason != null) {
				throw ListenerException.unusable(name, reason);
			}
			if (!listener.desiredRunning) {
				saveDesiredState(listener, true);
			}
			listener.desiredRunning = true;
			if (listener.state != ListenerState.RUNNING) {
				startOrThrow(listener);
			}
			return listener.view();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stop a listener: the server socket closes at once, open connections get the drain period
	 * to finish, then are closed. Stopping a stopped listener changes nothing.
	 */
	public ListenerView stop(String name) {
		ManagedListener listener;
		ManagedListener.Running run;
		this.lock.lock();
		try {
			listener = find(name);
			if (listener.desiredRunning) {
				saveDesiredState(listener, false);
			}
			listener.desiredRunning = false;
			run = listener.running;
			if (run != null) {
				this.flows.stopAccepting(run);
				logger.info("Listener " + name + " stopped accepting on port " + run.port() + "; draining "
						+ listener.connections.size() + " connection(s) for up to " + this.properties.drainTimeout());
			}
		}
		finally {
			this.lock.unlock();
		}
		if (run == null) {
			return listener.view();
		}
		// the drain happens outside the lock, so other listeners can be changed meanwhile
		listener.connections.awaitDrained(this.properties.drainTimeout());
		this.lock.lock();
		try {
			if (listener.running == run) {
				stopNow(listener);
				if (listener.desiredRunning) {
					// started again while draining: its server socket is closed, so bind anew
					startOrThrow(listener);
				}
			}
			return listener.view();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The impairments of a listener, in order, defaults applied. */
	public List<ImpairmentSpec> impairments(String name) {
		return find(name).spec.impairments();
	}

	/**
	 * Change a listener's impairments: they act at once, on open connections too, and are stored
	 * with an API-created listener. A configured listener's impairments change until the next
	 * restart (its configuration stays the truth).
	 */
	public List<ImpairmentSpec> changeImpairments(String name, UnaryOperator<List<ImpairmentSpec>> change) {
		this.lock.lock();
		try {
			ManagedListener listener = find(name);
			ListenerSpec before = listener.spec;
			ListenerSpec after = validated(before.withImpairments(change.apply(before.impairments())));
			if (listener.source == ListenerSource.API) {
				save(name, new ListenerStore.Entry(after, listener.desiredRunning)); // stored first, applied after
			}
			listener.changeLive(after);
			logger.info("Listener " + name + " impairments changed: " + after.impairments().size() + " impairment(s)");
			ImpairmentEvents.changed(before, after).forEach(this::publish);
			return after.impairments();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The impairment if it is valid for this listener; else a 400 naming its fields. */
	public ImpairmentSpec checkedImpairment(String name, ImpairmentSpec impairment) {
		ListenerSpec spec = find(name).spec;
		List<FieldProblem> problems = new ArrayList<>();
		ImpairmentValidator
			.validateOne("", impairment, spec.protocol(), spec.framing() == null || spec.framing() == Framing.RAW)
			.forEach(problem -> problems.add(new FieldProblem(problem.field(), problem.message())));
		if ("slow_close".equals(impairment.type()) && spec.behavior() != Behavior.FORWARD) {
			problems.add(new FieldProblem("type", "slow_close applies to forward listeners only "
					+ "(it holds back a close netlab relays; an echo closes when its client does)"));
		}
		if (!problems.isEmpty()) {
			throw ListenerException.invalid(problems);
		}
		return impairment;
	}

	/**
	 * Stop a listener at once, without a drain: open connections are closed now, as a disabled
	 * Toxiproxy proxy does.
	 */
	public ListenerView stopNow(String name) {
		this.lock.lock();
		try {
			ManagedListener listener = find(name);
			saveDesiredState(listener, false); // stored first, applied after
			listener.desiredRunning = false;
			stopNow(listener);
			return listener.view();
		}
		finally {
			this.lock.unlock();
		}
	}

	public List<ConnectionView> connections(String name) {
		return find(name).connections.views();
	}

	/** Close one open TCP connection of a listener. */
	public void closeConnection(String name, String connectionId) {
		ManagedListener listener = find(name);
		ConnectionRecord record = listener.connections.get(connectionId);
		ManagedListener.Running run = listener.running;
		if (record == null || run == null || run.tcpFactory() == null) {
			throw ListenerException.connectionNotFound(name, connectionId);
		}
		record.closeReason = CloseReason.SERVER;
		run.tcpFactory().closeConnection(connectionId);
	}

	private ManagedListener find(String name) {
		ManagedListener listener = this.listeners.get(name);
		if (listener == null) {
			throw ListenerException.notFound(name);
		}
		return listener;
	}

	private static ListenerSpec validated(ListenerSpec spec) {
		List<FieldProblem> problems = ListenerSpecValidator.validate(spec);
		if (!problems.isEmpty()) {
			throw ListenerException.invalid(problems);
		}
		return spec.withDefaults();
	}

	private void startOrThrow(ManagedListener listener) {
		startOrThrow(listener, true);
	}

	/** Start the listener; its ListenerStarted event is published now, or returned for the caller to publish. */
	private ListenerStarted startOrThrow(ManagedListener listener, boolean publishStarted) {
		ListenerSpec spec = listener.spec;
		listener.state = ListenerState.STARTING;
		listener.error = null;
		this.traffic.track(listener);
		try {
			ManagedListener.Running run = this.flows.start(listener);
			listener.running = run;
			listener.state = ListenerState.RUNNING;
			ListenerStarted started = new ListenerStarted(Instant.now(), spec.name(), spec.protocol().wireName(),
					run.port());
			if (publishStarted) {
				publish(started);
			}
			logger.info("Listener " + spec.name() + " started: " + spec.protocol().wireName() + " "
					+ spec.bindAddress() + ":" + run.port() + describe(spec));
			return started;
		}
		catch (ListenerException ex) {
			this.traffic.untrack(listener);
			listener.releaseUpstream();
			listener.state = ListenerState.FAILED;
			listener.error = ex.getMessage();
			logger.warn("Listener " + spec.name() + " failed to start on port " + spec.port() + ": " + ex.getMessage());
			publish(new ListenerFailed(Instant.now(), spec.name(), spec.protocol().wireName(), ex.getMessage()));
			throw ex;
		}
	}

	private void tryStart(ManagedListener listener) {
		try {
			startOrThrow(listener);
		}
		catch (ListenerException ex) {
			// already logged and recorded in the listener's state
		}
	}

	private static String describe(ListenerSpec spec) {
		if (spec.protocol() == Protocol.UDP) {
			return " (" + spec.behavior().wireName() + ")";
		}
		return " (" + spec.behavior().wireName() + ", " + spec.framing().wireName() + ", " + spec.io().wireName() + ")";
	}

	/** Close everything the listener has open, without a drain. */
	private void stopNow(ManagedListener listener) {
		ManagedListener.Running run = listener.running;
		if (run == null) {
			if (listener.state == ListenerState.FAILED && !listener.desiredRunning) {
				listener.state = ListenerState.STOPPED;
			}
			return;
		}
		this.traffic.closingAll(listener);
		this.flows.remove(run);
		listener.releaseUpstream();
		this.traffic.untrack(listener);
		listener.running = null;
		listener.connections.clear();
		listener.state = ListenerState.STOPPED;
		logger.info("Listener " + listener.name() + " stopped, port " + run.port() + " released");
		publish(new ListenerStopped(Instant.now(), listener.name(), listener.spec.protocol().wireName(), run.port()));
	}

	private void publish(LabEvent event) {
		this.events.publishEvent(event);
	}

	/**
	 * Store the API-created listeners as they will be once a change is applied: the one named
	 * replaced by {@code changed}, or removed if that is null. Called before the change is applied;
	 * a store that cannot be written refuses the change (503).
	 */
	private void save(String name, ListenerStore.@Nullable Entry changed) {
		Map<String, ListenerStore.Entry> entries = storedEntries();
		if (changed != null) {
			entries.put(name, changed);
		}
		else {
			entries.remove(name);
		}
		try {
			this.store.save(new ArrayList<>(entries.values()));
		}
		catch (ListenerStoreException ex) {
			logger.warn("Change of listener " + name + " refused: " + ex.getMessage());
			throw ListenerException.storeUnavailable(ex);
		}
	}

	/** Configured listeners are not stored: starting or stopping one needs no write. */
	private void saveDesiredState(ManagedListener listener, boolean running) {
		if (listener.source == ListenerSource.API) {
			save(listener.name(), new ListenerStore.Entry(listener.spec, running));
		}
	}

	/** After a stored change could not be applied: store again what is in memory. */
	private void restoreStore() {
		try {
			this.store.save(new ArrayList<>(storedEntries().values()));
		}
		catch (ListenerStoreException ex) {
			logger.error("A change that failed could not be taken back from the store; the next start may bring "
					+ "it back: " + ex.getMessage());
		}
	}

	private Map<String, ListenerStore.Entry> storedEntries() {
		Map<String, ListenerStore.Entry> entries = new TreeMap<>();
		this.listeners.values()
			.stream()
			.filter(listener -> listener.source == ListenerSource.API)
			.forEach(listener -> entries.put(listener.name(),
					new ListenerStore.Entry(listener.spec, listener.desiredRunning)));
		return entries;
	}

	/** At startup: the configured listeners, then the stored ones, each started if wanted. */
	@Override
	public void start() {
		this.lock.lock();
		try {
			for (ListenerSpec configured : this.properties.listeners()) {
				List<FieldProblem> problems = ListenerSpecValidator.validate(configured);
				if (!problems.isEmpty()) {
					throw new IllegalStateException("netlab.listeners entry '" + configured.name() + "' is invalid: "
							+ ListenerException.invalid(problems).getMessage());
				}
				ManagedListener listener = new ManagedListener(configured.withDefaults(), ListenerSource.CONFIG, true);
				this.listeners.put(listener.name(), listener);
			}
			for (ListenerStore.Loaded loaded : this.store.load()) {
				restore(loaded);
			}
			this.listeners.values()
				.stream()
				.sorted(Comparator.comparing(ManagedListener::name))
				.forEach(listener -> {
					publish(new ListenerCreated(Instant.now(), listener.name(), listener.spec.protocol().wireName()));
					ImpairmentEvents.added(listener.spec).forEach(this::publish);
				});
			this.listeners.values()
				.stream()
				.filter(listener -> listener.desiredRunning && !this.unusable.containsKey(listener.name()))
				.sorted(Comparator.comparing(ManagedListener::name))
				.forEach(this::tryStart);
			this.running = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A stored listener at startup; one whose entry cannot be used is kept, FAILED with the reason. */
	private void restore(ListenerStore.Loaded loaded) {
		ListenerStore.Entry entry = loaded.entry();
		String name = entry.spec().name();
		if (this.listeners.containsKey(name)) {
			logger.warn("Stored listener " + name + " has the name of a configured listener; the configured one is used");
			return;
		}
		ManagedListener listener = new ManagedListener(entry.spec(), ListenerSource.API, entry.running());
		if (loaded.problem() != null) {
			listener.state = ListenerState.FAILED;
			listener.error = loaded.problem();
			this.unusable.put(name, loaded.problem());
			logger.warn("Listener " + name + " in " + this.store.file() + " is kept but not started: " + loaded.problem());
		}
		this.listeners.put(name, listener);
	}

	/** At shutdown: close every listener without a drain and without changing what is stored. */
	@Override
	public void stop() {
		this.lock.lock();
		try {
			this.listeners.values().forEach(this::stopNow);
			this.running = false;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
