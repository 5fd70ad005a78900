package io.netlab.events;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Every open WebSocket session of both endpoints: admits a new one only within the per-source
 * cap (and the echo endpoint's total), notes when each last heard from its client, pings the
 * silent ones and closes those silent past the idle timeout, and closes the ones that do not
 * take their frames. Closing and pinging may wait for a client, so they run on a small pool of
 * their own, never on a request or socket thread.
 */
@Component
class WebSocketSessions implements WebSocketStats, DisposableBean {

	private static final Log logger = LogFactory.getLog(WebSocketSessions.class);

	/** Tomcat's bound on a blocking send: the close frame, and pings. */
	static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/** A client that does not read cannot take a close frame either: give it this long. */
	private static final long SLOW_CLOSE_TIMEOUT_MS = 100;

	/** A ping, or the close frame of an idle session, waits this long at most. */
	private static final long CONTROL_FRAME_TIMEOUT_MS = 1000;

	/** The two endpoints, for the echo endpoint's total cap. */
	enum Endpoint {

		EVENTS, ECHO

	}

	private final WebSocketProperties properties;

	private final Map<String, Tracked> sessions = new ConcurrentHashMap<>();

	/** Open sessions per client address; guarded by this. */
	private final Map<String, Integer> perSource = new HashMap<>();

	/** Open echo sessions; guarded by this. */
	private int echoSessions;

	private final LongAdder refused = new LongAdder();

	private final LongAdder closedSlow = new LongAdder();

	private final LongAdder closedIdle = new LongAdder();

	private final ScheduledExecutorService timer;

	private final ThreadPoolExecutor closer;

	WebSocketSessions(WebSocketProperties properties) {
		this.properties = properties;
		this.timer = Executors.newSingleThreadScheduledExecutor(daemon("ws-idle-"));
		this.closer = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				daemon("ws-close-"));
		this.closer.allowCoreThreadTimeOut(true);
		long sweep = Math.max(50, properties.idleTimeout().toMillis() / 4);
		this.timer.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
	}

	/**
	 * Runs on the container's thread as a session opens: tracks it, or returns why it is refused
	 * (the caller closes it with 1013, try again later).
	 */
	@Nullable String admit(WebSocketSession session, Endpoint endpoint) {
		String source = source(session);
		synchronized (this) {
			String refusal = null;
			if (this.perSource.getOrDefault(source, 0) >= this.properties.maxSessionsPerSource()) {
				refusal = "too many WebSocket sessions from " + source + ", try again later";
			}
			else if (endpoint == Endpoint.ECHO && this.echoSessions >= this.properties.maxEchoSessions()) {
				refusal = "too many echo sessions, try again later";
			}
			if (refusal != null) {
				this.refused.increment();
				return refusal;
			}
			this.perSource.merge(source, 1, Integer::sum);
			if (endpoint == Endpoint.ECHO) {
				this.echoSessions++;
			}
		}
		Session container = container(session);
		if (container != null) {
			container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, CONTROL_FRAME_TIMEOUT_MS);
		}
		this.sessions.put(session.getId(), new Tracked(session, source, endpoint));
		return null;
	}

	/** The client sent something (a message or a pong): it is not idle. */
	void heard(WebSocketSession session) {
		Tracked tracked = this.sessions.get(session.getId());
		if (tracked != null) {
			tracked.lastHeard = System.nanoTime();
		}
	}

	/** How to ping this session without overlapping its other frames; run on the closing pool. */
	void pingWith(WebSocketSession session, Runnable ping) {
		Tracked tracked = this.sessions.get(session.getId());
		if (tracked != null) {
			tracked.ping = ping;
		}
	}

	void release(WebSocketSession session) {
		Tracked tracked = this.sessions.remove(session.getId());
		if (tracked == null) {
			return;
		}
		synchronized (this) {
			this.perSource.computeIfPresent(tracked.source, (source, count) -> (count > 1) ? count - 1 : null);
			if (tracked.endpoint == Endpoint.ECHO) {
				this.echoSessions--;
			}
		}
	}

	/** The client does not take its frames: close it (1008) and count it, once. Never blocks. */
	void closeSlow(WebSocketSession session, String reason) {
		Tracked tracked = this.sessions.get(session.getId());
		if (tracked != null && tracked.closing.compareAndSet(false, true)) {
			this.closedSlow.increment();
			logger.debug("Closing WebSocket session of " + tracked.source + ": " + reason);
			close(session, CloseStatus.POLICY_VIOLATION.withReason(reason), SLOW_CLOSE_TIMEOUT_MS);
		}
	}

	/** Runs on the timer: ping the silent sessions, close those silent past the idle timeout. */
	private void sweep() {
		long now = System.nanoTime();
		long idle = this.properties.idleTimeout().toNanos();
		for (Tracked tracked : this.sessions.values()) {
			long silent = now - tracked.lastHeard;
			if (silent > idle) {
				if (tracked.closing.compareAndSet(false, true)) {
					this.closedIdle.increment();
					close(tracked.session, CloseStatus.GOING_AWAY.withReason("idle for " + this.properties.idleTimeout()),
							CONTROL_FRAME_TIMEOUT_MS);
				}
			}
			else if (silent > idle / 2 && now - tracked.lastPing > idle / 2 && !tracked.closing.get()) {
				tracked.lastPing = now;
				execute(tracked.ping);
			}
		}
	}

	private void close(WebSocketSession session, CloseStatus status, long timeoutMs) {
		execute(() -> {
			Session container = container(session);
			if (container != null) {
				container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, timeoutMs);
			}
			try {
				session.close(status);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Closing a WebSocket session failed", ex);
			}
		});
	}

	private void execute(Runnable task) {
		try {
			this.closer.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the container closes every session
		}
	}

	/** The Jakarta WebSocket session under Spring's, or null if the server is not a Jakarta container. */
	static @Nullable Session container(WebSocketSession session) {
		return (session instanceof NativeWebSocketSession nativeSession)
				? nativeSession.getNativeSession(Session.class) : null;
	}

	private static String source(WebSocketSession session) {
		InetSocketAddress remote = session.getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	private static CustomizableThreadFactory daemon(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

	@Override
	public int sessions() {
		return this.sessions.size();
	}

	@Override
	public long sessionsRefused() {
		return this.refused.sum();
	}

	@Override
	public long sessionsClosedSlow() {
		return this.closedSlow.sum();
	}

	@Override
	public long sessionsClosedIdle() {
		return this.closedIdle.sum();
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
		this.closer.shutdownNow();
	}

	/** One open session as tracked here; lastHeard and lastPing are System.nanoTime() values. */
	private static final class Tracked {

		final WebSocketSession session;

		final String source;

		final Endpoint endpoint;

		final AtomicBoolean closing = new AtomicBoolean();

		volatile long lastHeard = System.nanoTime();

		volatile long lastPing = System.nanoTime();

		volatile Runnable ping = () -> {
		};

		Tracked(WebSocketSession session, String source, Endpoint endpoint) {
			this.session = session;
			this.source = source;
			this.endpoint = endpoint;
		}

	}

}
