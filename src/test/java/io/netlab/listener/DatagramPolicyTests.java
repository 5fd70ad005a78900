package io.netlab.listener;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.netlab.wire.Protocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UDP gate on its own: per-source limits come before the listener-wide budget, per-source
 * state stays bounded, and forgetting a source never wipes its debt.
 */
class DatagramPolicyTests {

	private static ManagedListener listener(int perSource, int all, Integer bytesPerSource) {
		ListenerSpec spec = new ListenerSpec("gate", Protocol.UDP, 0, null, null, null, null, null, null,
				new ListenerSpec.Limits(null, null, null, null, null, null, perSource, all, bytesPerSource, null), null,
				null, null, null, null, null)
			.withDefaults();
		return new ManagedListener(spec, ListenerSource.API, true);
	}

	private static InetAddress address(int n) throws UnknownHostException {
		return InetAddress.getByAddress(new byte[] { 10, (byte) (n >> 16), (byte) (n >> 8), (byte) n });
	}

	@Test
	void aSourceOverItsOwnLimitDoesNotSpendTheListenersBudget() throws Exception {
		DatagramPolicy policy = new DatagramPolicy(listener(100, 300, null), new UdpPorts());
		int flooderAdmitted = 0;
		for (int i = 0; i < 10_000; i++) {
			flooderAdmitted += policy.admit(address(1), 40000, 10) ? 1 : 0;
		}
		int otherAdmitted = 0;
		for (int i = 0; i < 100; i++) {
			otherAdmitted += policy.admit(address(2), 40000, 10) ? 1 : 0;
		}
		assertThat(flooderAdmitted).as("its bucket of 100, plus what refilled meanwhile").isBetween(100, 150);
		assertThat(otherAdmitted).isEqualTo(100);
	}

	@Test
	void anIpv6Slash64IsOneSourceHoweverManyAddressesItUses() throws Exception {
		DatagramPolicy policy = new DatagramPolicy(listener(100, 100_000, null), new UdpPorts());
		int admitted = 0;
		for (int i = 0; i < 1000; i++) {
			InetAddress rotated = InetAddress.getByName("2001:db8:0:1::" + Integer.toHexString(i + 1));
			admitted += policy.admit(rotated, 40000, 10) ? 1 : 0;
		}
		assertThat(admitted).as("a thousand addresses of one /64 share its bucket of 100").isBetween(100, 110);
		assertThat(policy.admit(InetAddress.getByName("2001:db8:0:2::1"), 40000, 10)).as("another /64").isTrue();
	}

	@Test
	void anEchoNeverAnswersAnotherOfNetlabsUdpListenersOnThisHost() throws Exception {
		UdpPorts own = new UdpPorts();
		own.add(47007);
		ManagedListener listener = listener(1000, 100_000, null);
		DatagramPolicy policy = new DatagramPolicy(listener, own);
		assertThat(policy.admit(InetAddress.getLoopbackAddress(), 47007, 10)).as("a loop in the making").isFalse();
		assertThat(policy.admit(InetAddress.getLoopbackAddress(), 47008, 10)).isTrue();
		assertThat(policy.admit(address(9), 47007, 10)).as("the same port on another host").isTrue();
		assertThat(listener.stats.datagramsDropped(DropReason.REFLECTOR)).isEqualTo(1);
	}

	@Test
	void bytesPerSourceAreLimitedWhenConfigured() throws Exception {
		ManagedListener listener = listener(1000, 100_000, 1000);
		DatagramPolicy policy = new DatagramPolicy(listener, new UdpPorts());
		int admitted = 0;
		for (int i = 0; i < 100; i++) {
			admitted += policy.admit(address(1), 40000, 100) ? 1 : 0;
		}
		assertThat(admitted).isBetween(10, 11);
		assertThat(listener.stats.datagramsDropped(DropReason.RATE)).isEqualTo(100 - admitted);
	}

	@Test
	void theSourceTableStaysBoundedAndNewSourcesCannotWipeAFloodersDebt() throws Exception {
		DatagramPolicy policy = new DatagramPolicy(listener(10, 1_000_000_000, null), new UdpPorts());
		for (int i = 0; i < 50; i++) {
			policy.admit(address(0), 40000, 10); // the flooder spends its 10 and goes into debt
		}
		for (int n = 1; n <= 2 * DatagramPolicy.MAX_TRACKED_SOURCES; n++) {
			policy.admit(address(n), 40000, 10);
			policy.admit(address(0), 40000, 10); // still flooding: recently seen, never the eldest
		}
		assertThat(policy.trackedSources()).isLessThanOrEqualTo(DatagramPolicy.MAX_TRACKED_SOURCES);
		int afterwards = 0;
		for (int i = 0; i < 50; i++) {
			afterwards += policy.admit(address(0), 40000, 10) ? 1 : 0;
		}
		assertThat(afterwards).as("the flooder's datagrams admitted after thousands of new sources").isLessThanOrEqualTo(1);
	}

}
