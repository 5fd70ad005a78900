package io.netlab.mesh;

import java.util.List;
import java.util.Map;

/**
 * The mesh as {@code GET /api/mesh} shows it: this netlab's row of the matrix.
 *
 * @param enabled whether mesh mode is on
 * @param node this netlab's node name (the {@code node} tag)
 * @param intervalMs how often each peer is probed
 * @param fanout how many peers it probes at most
 * @param known how many peers it knows (static and from DNS), itself left out
 * @param peers the peers it probes, with each path's state and last result
 */
record MeshView(boolean enabled, String node, long intervalMs, int fanout, int known, List<Peer> peers) {

	/**
	 * One probed peer.
	 *
	 * @param peer its address
	 * @param paths per protocol
	 */
	record Peer(String peer, Map<MeshProtocol, PeerPaths.Path> paths) {
	}

	static MeshView disabled(MeshProperties properties) {
		return new MeshView(false, properties.nodeName(), properties.interval().toMillis(), properties.fanout(), 0,
				List.of());
	}

}
