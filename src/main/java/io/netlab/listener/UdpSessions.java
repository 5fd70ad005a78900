package io.netlab.listener;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netlab.impair.Datagram;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;

/**
 * The sessions of a UDP forward listener: one per client address, each an upstream socket of
 * its own (so the upstream's replies go back to the right client), opened on the client's first
 * datagram (the target policy checked then), ended after {@code limits.udpSessionIdleMs} with
 * no datagram either way. At most {@link #MAX_SESSIONS}; a new client past that is dropped.
 */
final class UdpSessions {

	private static final Log logger = LogFactory.getLog(UdpSessions.class);

	static final int MAX_SESSIONS = 1000;

	private final ManagedListener listener;

	private final UpstreamAddress upstream;

	private final UpstreamPolicy policy;

	private final long idleNanos;

	private final Map<InetSocketAddress, Session> sessions = new ConcurrentHashMap<>();

	private final ScheduledFuture<?> sweeper;

	private final AtomicInteger threads = new AtomicInteger();

	UdpSessions(ManagedListener listener, UpstreamPolicy policy, ScheduledExecutorService scheduler) {
		this.listener = listener;
		this.upstream = UpstreamAddress.parse(listener.spec.upstream());
		this.policy = policy;
		Long idleMs = listener.spec.limits().udpSessionIdleMs();
		this.idleNanos = TimeUnit.MILLISECONDS.toNanos((idleMs != null) ? idleMs : 60_000);
		this.sweeper = scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
	}

	/** Runs on the receive thread: the client's datagram through the upstream impairments to its session. */
	void fromClient(InetSocketAddress client, byte[] payload) {
		Session session = this.sessions.get(client);
		if (session == null) {
			session = open(client);
			if (session == null) {
				this.listener.stats.dropped(DropReason.UPSTREAM);
				return;
			}
		}
		session.touch();
		LiveImpairments impairments = this.listener.impairments;
		if (impairments != null) {
			impairments.upstreamDatagram(new Datagram(payload, session));
		}
	}

	/** The upstream sink of the impairments: the datagram goes out of its session's socket. */
	static void toUpstream(Datagram datagram) {
		((Session) datagram.route()).send(datagram.payload());
	}

	private @Nullable Session open(InetSocketAddress client) {
		if (this.sessions.size() >= MAX_SESSIONS) {
			logger.debug("Listener " + this.listener.name() + ": " + MAX_SESSIONS + " UDP sessions open; dropping " + client);
			return null;
		}
		try {
			List<InetAddress> addresses = Arrays.asList(InetAddress.getAllByName(this.upstream.host()));
			String refusal = this.policy.refusal(this.upstream.host(), addresses, this.upstream.port());
			if (refusal != null) {
				logger.info("Listener " + this.listener.name() + ": " + refusal);
				return null;
			}
			DatagramSocket socket = new DatagramSocket();
			socket.connect(new InetSocketAddress(addresses.get(0), this.upstream.port()));
			Session session = new Session(client, socket);
			this.sessions.put(client, session);
			Thread reader = new Thread(session::read, "udp-forward-" + this.listener.name() + "-" + this.threads.incrementAndGet());
			reader.setDaemon(true);
			reader.start();
			return session;
		}
		catch (IOException ex) {
			logger.debug("Listener " + this.listener.name() + " cannot open a session to its upstream: " + ex);
			return null;
		}
	}

	private void sweep() {
		long now = System.nanoTime();
		this.sessions.values().removeIf(session -> {
			boolean idle = now - session.lastActivity > this.idleNanos;
			if (idle) {
				session.socket.close();
			}
			return idle;
		});
	}

	int size() {
		return this.sessions.size();
	}

	void shutdown() {
		this.sweeper.cancel(false);
		this.sessions.values().forEach(session -> session.socket.close());
		this.sessions.clear();
	}

	/** One client's session: its upstream socket and where replies go. */
	private final class Session {

		private final DatagramSocket socket;

		private final Message<byte[]> replyRoute;

		private volatile long lastActivity = System.nanoTime();

		Session(InetSocketAddress client, DatagramSocket socket) {
			this.socket = socket;
			this.replyRoute = MessageBuilder.withPayload(new byte[0]).setHeader(IpHeaders.PACKET_ADDRESS, client).build();
		}

		void touch() {
			this.lastActivity = System.nanoTime();
		}

		void send(byte[] payload) {
			try {
				this.socket.send(new DatagramPacket(payload, payload.length));
			}
			catch (IOException ex) {
				logger.debug("Sending upstream failed: " + ex);
			}
		}

		/** Runs on the session's own thread until its socket closes. */
		void read() {
			byte[] buffer = new byte[65536];
			try {
				while (!this.socket.isClosed()) {
					DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
					this.socket.receive(packet);
					touch();
					LiveImpairments impairments = UdpSessions.this.listener.impairments;
					if (impairments != null) {
						impairments.datagram(new Datagram(Arrays.copyOf(buffer, packet.getLength()), this.replyRoute));
					}
				}
			}
			catch (SocketException ex) {
				// closed: the session ended
			}
			catch (IOException ex) {
				logger.debug("Session upstream read failed: " + ex);
			}
		}

	}

}
