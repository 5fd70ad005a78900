package io.netlab.mesh;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the mesh knows of one peer: per protocol, its state, since when, and the last result.
 * Probe threads record, scrapes and {@code /api/mesh} read; guarded by this.
 */
class PeerPaths {

	/** A path's state: unknown before its first probe. */
	enum State {

		UNKNOWN, UP, DOWN

	}

	private final Map<MeshProtocol, Path> paths = new EnumMap<>(MeshProtocol.class);

	PeerPaths(Iterable<MeshProtocol> protocols) {
		for (MeshProtocol protocol : protocols) {
			this.paths.put(protocol, new Path(State.UNKNOWN, Instant.now(), null));
		}
	}

	/** Record a result; returns the state before it. */
	synchronized State record(MeshProtocol protocol, PathResult result) {
		Path before = this.paths.get(protocol);
		State now = result.up() ? State.UP : State.DOWN;
		Instant since = (before.state() == now) ? before.since() : result.at();
		this.paths.put(protocol, new Path(now, since, result));
		return before.state();
	}

	synchronized double upValue(MeshProtocol protocol) {
		Path path = this.paths.get(protocol);
		return switch (path.state()) {
			case UNKNOWN -> Double.NaN;
			case UP -> 1;
			case DOWN -> 0;
		};
	}

	synchronized double lossRatio() {
		PathResult last = last(MeshProtocol.UDP);
		return (last != null && last.lossRatio() != null) ? last.lossRatio() : Double.NaN;
	}

	synchronized double jitterSeconds() {
		PathResult last = last(MeshProtocol.UDP);
		return (last != null && last.jitterSeconds() != null) ? last.jitterSeconds() : Double.NaN;
	}

	synchronized Map<MeshProtocol, Path> view() {
		return new LinkedHashMap<>(this.paths);
	}

	private @Nullable PathResult last(MeshProtocol protocol) {
		Path path = this.paths.get(protocol);
		return (path != null) ? path.last() : null;
	}

	/**
	 * One path as {@code /api/mesh} shows it.
	 *
	 * @param state up, down, or unknown before the first probe
	 * @param since when it entered that state
	 * @param last the last probe's result
	 */
	record Path(State state, Instant since, @Nullable PathResult last) {
	}

}
