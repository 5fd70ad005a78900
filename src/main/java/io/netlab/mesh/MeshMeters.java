package io.netlab.mesh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The mesh's meters, tagged {@code node} (this netlab), {@code peer} and {@code protocol}:
 * {@code netlab_mesh_peer_up}, {@code netlab_mesh_rtt_seconds} (a histogram),
 * {@code netlab_mesh_udp_loss_ratio} and {@code netlab_mesh_udp_jitter_seconds}. A peer's
 * meters go when the peer leaves the mesh, so the series count stays N·k.
 */
class MeshMeters {

	private final MeterRegistry registry;

	private final String node;

	private final Map<String, List<Meter>> byPeer = new ConcurrentHashMap<>();

	private final Map<String, Timer> rtt = new ConcurrentHashMap<>();

	MeshMeters(MeterRegistry registry, String node) {
		this.registry = registry;
		this.node = node;
	}

	/** Register a peer's meters, reading their values from {@code paths}. */
	void added(String peer, List<MeshProtocol> protocols, PeerPaths paths) {
		List<Meter> meters = new ArrayList<>();
		for (MeshProtocol protocol : protocols) {
			Tags tags = Tags.of("node", this.node, "peer", peer, "protocol", protocol.wireName());
			meters.add(Gauge.builder("netlab.mesh.peer.up", paths, p -> p.upValue(protocol))
				.description("1 when the peer answered the last probe over the protocol, 0 when not (NaN before the first)")
				.tags(tags)
				.strongReference(true)
				.register(this.registry));
			Timer timer = Timer.builder("netlab.mesh.rtt")
				.description("Round trips to the peer: TCP and TLS connect and echo, UDP the median of a stamped run")
				.tags(tags)
				.publishPercentileHistogram()
				.minimumExpectedValue(Duration.ofNanos(50_000))
				.maximumExpectedValue(Duration.ofSeconds(10))
				.register(this.registry);
			this.rtt.put(peer + "/" + protocol, timer);
			meters.add(timer);
		}
		if (protocols.contains(MeshProtocol.UDP)) {
			Tags tags = Tags.of("node", this.node, "peer", peer);
			meters.add(gauge("netlab.mesh.udp.loss.ratio", "Datagrams lost over sent in the last stamped UDP run", tags,
					paths, PeerPaths::lossRatio, null));
			meters.add(gauge("netlab.mesh.udp.jitter", "RFC 3550 jitter of the answers in the last stamped UDP run", tags,
					paths, PeerPaths::jitterSeconds, "seconds"));
		}
		this.byPeer.put(peer, meters);
	}

	void roundTrip(String peer, MeshProtocol protocol, double seconds) {
		Timer timer = this.rtt.get(peer + "/" + protocol);
		if (timer != null) {
			timer.record((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
		}
	}

	void removed(String peer) {
		List<Meter> meters = this.byPeer.remove(peer);
		if (meters != null) {
			meters.forEach(this.registry::remove);
		}
		this.rtt.keySet().removeIf(key -> key.startsWith(peer + "/"));
	}

	private Gauge gauge(String name, String description, Tags tags, PeerPaths paths, ToDoubleFunction<PeerPaths> value,
			@Nullable String baseUnit) {
		return Gauge.builder(name, paths, value)
			.description(description)
			.tags(tags)
			.baseUnit(baseUnit)
			.strongReference(true)
			.register(this.registry);
	}

}
