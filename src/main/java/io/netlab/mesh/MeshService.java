package io.netlab.mesh;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.netlab.events.MeshPeerDown;
import io.netlab.events.MeshPeerUp;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Service;

/**
 * Runs the mesh: every interval it takes the current peers, keeps the {@code fanout} of them
 * that the hash ring gives this netlab (dropping the state and meters of any other), and
 * probes each over TCP, UDP and (if configured) TLS on a bounded pool, one probe of a peer at
 * a time. A path's first result and every change publish {@link MeshPeerUp} or
 * {@link MeshPeerDown}. The tick runs on one scheduler thread; probes on the others.
 */
@Service
class MeshService implements DisposableBean {

	private static final Log logger = LogFactory.getLog(MeshService.class);

	private final MeshProperties properties;

	private final PeerDirectory directory;

	private final PathProber prober;

	private final MeshMeters meters;

	private final ApplicationEventPublisher events;

	private final List<MeshProtocol> protocols;

	private final Map<String, PeerPaths> peers = new ConcurrentHashMap<>();

	private final Set<String> probing = ConcurrentHashMap.newKeySet();

	/** UDP runs take one of netlab's few load-run slots: the mesh uses at most one at a time. */
	private final Semaphore udpLane = new Semaphore(1);

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private volatile int known;

	MeshService(MeshProperties properties, PathProber prober, MeterRegistry registry, ApplicationEventPublisher events) {
		this.properties = properties;
		this.directory = new PeerDirectory(properties, InetAddress::getAllByName);
		this.prober = prober;
		this.meters = new MeshMeters(registry, properties.nodeName());
		this.events = events;
		this.protocols = (properties.tlsPort() > 0) ? List.of(MeshProtocol.TCP, MeshProtocol.UDP, MeshProtocol.TLS)
				: List.of(MeshProtocol.TCP, MeshProtocol.UDP);
		this.scheduler.setPoolSize(properties.threads() + 1);
		this.scheduler.setThreadNamePrefix("mesh-");
		this.scheduler.setDaemon(true);
	}

	/** Once this netlab's own listeners are up, so that its peers find it answering too. */
	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.scheduler.initialize();
		this.scheduler.scheduleAtFixedRate(this::tick, this.properties.interval());
		logger.info("Mesh on: node " + this.properties.nodeName() + ", peers " + this.properties.peers()
				+ ((this.properties.dns() != null) ? " and DNS " + this.properties.dns() : "") + ", every "
				+ this.properties.interval() + ", fanout " + this.properties.fanout() + ", " + this.protocols);
	}

	MeshView view() {
		if (!this.properties.enabled()) {
			return MeshView.disabled(this.properties);
		}
		List<MeshView.Peer> rows = new ArrayList<>();
		new TreeMap<>(this.peers).forEach((peer, paths) -> rows.add(new MeshView.Peer(peer, paths.view())));
		return new MeshView(true, this.properties.nodeName(), this.properties.interval().toMillis(),
				this.properties.fanout(), this.known, rows);
	}

	private void tick() {
		try {
			List<String> all = this.directory.peers();
			this.known = all.size();
			String self = (this.properties.self() != null) ? this.properties.self() : this.properties.nodeName();
			List<String> chosen = MeshRing.successors(self, all, this.properties.fanout());
			for (String gone : List.copyOf(this.peers.keySet())) {
				if (!chosen.contains(gone)) {
					this.peers.remove(gone);
					this.meters.removed(gone);
					logger.info("Mesh peer " + gone + " left this netlab's probes");
				}
			}
			for (String peer : chosen) {
				PeerPaths paths = this.peers.computeIfAbsent(peer, p -> {
					PeerPaths created = new PeerPaths(this.protocols);
					this.meters.added(p, this.protocols, created);
					return created;
				});
				if (this.probing.add(peer)) {
					this.scheduler.execute(() -> probeAll(peer, paths));
				}
			}
		}
		catch (RuntimeException ex) {
			logger.error("Mesh round failed", ex);
		}
	}

	/** Runs on a probe thread; the peer is marked as being probed until it returns. */
	private void probeAll(String peer, PeerPaths paths) {
		try {
			for (MeshProtocol protocol : this.protocols) {
				PathResult result = (protocol == MeshProtocol.UDP) ? probeUdp(peer) : this.prober.probe(peer, protocol);
				if (result != null && this.peers.get(peer) == paths) {
					record(peer, protocol, paths, result);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Mesh probe of " + peer + " failed: " + ex);
		}
		finally {
			this.probing.remove(peer);
		}
	}

	private @Nullable PathResult probeUdp(String peer) {
		try {
			if (!this.udpLane.tryAcquire(this.properties.interval().toMillis(), TimeUnit.MILLISECONDS)) {
				return null;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		try {
			return this.prober.probe(peer, MeshProtocol.UDP);
		}
		finally {
			this.udpLane.release();
		}
	}

	private void record(String peer, MeshProtocol protocol, PeerPaths paths, PathResult result) {
		PeerPaths.State before = paths.record(protocol, result);
		if (result.up() && result.rttSeconds() != null) {
			this.meters.roundTrip(peer, protocol, result.rttSeconds());
		}
		PeerPaths.State now = result.up() ? PeerPaths.State.UP : PeerPaths.State.DOWN;
		if (before != now) {
			if (result.up()) {
				this.events.publishEvent(new MeshPeerUp(Instant.now(), peer, protocol.wireName()));
			}
			else {
				logger.info("Mesh peer " + peer + " is down over " + protocol.wireName() + ": " + result.message());
				this.events.publishEvent(new MeshPeerDown(Instant.now(), peer, protocol.wireName(), result.message()));
			}
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdown();
	}

}
