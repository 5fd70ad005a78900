package io.netlab.mesh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a netlab chooses the peers it probes: k of them on a hash ring, so that each is probed
 * by exactly k others; itself never; and the addresses DNS returns now, not those it returned.
 */
class PeerSelectionTests {

	@Test
	void onTheRingEveryMemberIsProbedByExactlyFanoutOthers() {
		List<String> members = IntStream.range(0, 50).mapToObj(i -> "10.0.0." + i).toList();
		Map<String, Integer> probedBy = new HashMap<>();

		for (String self : members) {
			List<String> chosen = MeshRing.successors(self, members, 5);
			assertThat(chosen).hasSize(5).doesNotContain(self).doesNotHaveDuplicates();
			chosen.forEach(peer -> probedBy.merge(peer, 1, Integer::sum));
		}

		assertThat(probedBy).hasSize(50).allSatisfy((peer, count) -> assertThat(count).isEqualTo(5));
	}

	@Test
	void aSmallMeshIsProbedWhole() {
		assertThat(MeshRing.successors("b", List.of("a", "b", "c"), 16)).containsExactly("a", "c");
	}

	@Test
	void peersComeFromTheStaticListAndDnsWithoutItselfAndFollowDns() {
		AtomicReference<List<String>> answer = new AtomicReference<>(List.of("10.1.0.1", "10.1.0.2", "10.1.0.3"));
		MeshProperties properties = new MeshProperties(true, List.of("10.9.9.9"), "netlab-peers", Duration.ZERO,
				Duration.ofSeconds(10), 16, "10.1.0.2", null, 7007, 7007, 0, Duration.ofSeconds(2), 20, 4);
		PeerDirectory directory = new PeerDirectory(properties, name -> addresses(answer.get()));

		assertThat(directory.peers()).containsExactly("10.1.0.1", "10.1.0.3", "10.9.9.9");
		answer.set(List.of("10.1.0.2", "10.1.0.3"));
		assertThat(directory.peers()).as("a peer DNS no longer returns is dropped").containsExactly("10.1.0.3", "10.9.9.9");
	}

	@Test
	void aFailedLookupKeepsThePeersDnsGaveBefore() {
		AtomicReference<List<String>> answer = new AtomicReference<>(List.of("10.1.0.1"));
		MeshProperties properties = new MeshProperties(true, List.of(), "netlab-peers", Duration.ZERO,
				Duration.ofSeconds(10), 16, "10.1.0.2", null, 7007, 7007, 0, Duration.ofSeconds(2), 20, 4);
		PeerDirectory directory = new PeerDirectory(properties, name -> {
			if (answer.get() == null) {
				throw new UnknownHostException(name);
			}
			return addresses(answer.get());
		});

		assertThat(directory.peers()).containsExactly("10.1.0.1");
		answer.set(null);
		assertThat(directory.peers()).containsExactly("10.1.0.1");
	}

	private static InetAddress[] addresses(List<String> literals) throws UnknownHostException {
		InetAddress[] addresses = new InetAddress[literals.size()];
		for (int i = 0; i < addresses.length; i++) {
			addresses[i] = InetAddress.getByName(literals.get(i));
		}
		return addresses;
	}

}
