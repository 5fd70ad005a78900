package io.netlab.mesh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the peers one netlab probes: every member (itself included) sits on a ring at the
 * hash of its address, and each probes the {@code k} members after it. So every member is
 * probed by exactly {@code k} others (when there are more than {@code k}), the series count
 * is N·k rather than N², and a member joining or leaving moves only its neighbours' choices.
 */
final class MeshRing {

	private MeshRing() {
	}

	static List<String> successors(String self, List<String> peers, int k) {
		List<String> ring = new ArrayList<>(peers);
		ring.remove(self);
		if (ring.size() <= k) {
			return ring.stream().sorted().toList();
		}
		ring.add(self);
		ring.sort(Comparator.comparingLong(MeshRing::position).thenComparing(Comparator.naturalOrder()));
		int at = ring.indexOf(self);
		List<String> chosen = new ArrayList<>(k);
		for (int i = 1; i <= k; i++) {
			chosen.add(ring.get((at + i) % ring.size()));
		}
		return chosen;
	}

	private static long position(String member) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(member.getBytes(StandardCharsets.UTF_8));
			long position = 0;
			for (int i = 0; i < 8; i++) {
				position = (position << 8) | (digest[i] & 0xff);
			}
			return position;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

}
