package io.netlab.probe;

import java.net.InetAddress;
import java.util.List;

import io.netlab.wire.Cidr;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The target policy's rules on their own: allowed ranges, always-denied ranges that win over
 * them, and netlab's own HTTP port.
 */
class TargetPolicyTests {

	private final MockEnvironment environment = new MockEnvironment().withProperty("local.server.port", "18080");

	@Test
	void loopbackAndPrivateRangesAreAllowedByDefault() {
		TargetPolicy policy = policy(defaults().allowedTargets());

		for (String allowed : List.of("127.0.0.1", "::1", "10.20.30.40", "172.31.0.1", "192.168.1.1", "fd00::1")) {
			assertThatCode(() -> policy.check(allowed, List.of(address(allowed)), 7007)).as(allowed)
				.doesNotThrowAnyException();
		}
	}

	@Test
	void publicAndSharedAddressesAreNotAllowedByDefault() {
		TargetPolicy policy = policy(defaults().allowedTargets());

		for (String denied : List.of("8.8.8.8", "100.64.0.1", "172.32.0.1", "2001:4860::8888")) {
			assertThatThrownBy(() -> policy.check(denied, List.of(address(denied)), 80)).as(denied)
				.isInstanceOfSatisfying(ProbeException.class,
						ex -> assertThat(ex.rule()).isEqualTo("allowed-targets"));
		}
	}

	@Test
	void alwaysDeniedRangesWinOverAllowedTargets() {
		TargetPolicy policy = policy(List.of("0.0.0.0/0", "::/0"));

		assertThatThrownBy(() -> policy.check("metadata", List.of(address("169.254.169.254")), 80))
			.isInstanceOfSatisfying(ProbeException.class, ex -> assertThat(ex.rule()).isEqualTo("169.254.0.0/16"));
		assertThatThrownBy(() -> policy.check("x", List.of(address("fe80::1")), 80))
			.isInstanceOfSatisfying(ProbeException.class, ex -> assertThat(ex.rule()).isEqualTo("fe80::/10"));
		assertThatThrownBy(() -> policy.check("x", List.of(address("255.255.255.255")), 9))
			.isInstanceOf(ProbeException.class);
		assertThatThrownBy(() -> policy.check("x", List.of(address("239.1.2.3")), 9))
			.isInstanceOf(ProbeException.class);
		assertThatThrownBy(() -> policy.check("x", List.of(address("0.0.0.0")), 9)).isInstanceOf(ProbeException.class);
	}

	@Test
	void nameWithOneDeniedAddressAmongAllowedOnesIsDenied() {
		TargetPolicy policy = policy(defaults().allowedTargets());

		assertThatThrownBy(
				() -> policy.check("mixed.example", List.of(address("10.0.0.1"), address("169.254.169.254")), 80))
			.isInstanceOf(ProbeException.class)
			.hasMessageContaining("mixed.example (169.254.169.254)");
	}

	@Test
	void ownHttpPortIsDeniedOnLocalAddressesOnly() {
		TargetPolicy policy = policy(defaults().allowedTargets());

		assertThatThrownBy(() -> policy.check("localhost", List.of(address("127.0.0.1")), 18080))
			.isInstanceOfSatisfying(ProbeException.class,
					ex -> assertThat(ex.rule()).isEqualTo(TargetPolicy.OWN_PORT_RULE));
		assertThatCode(() -> policy.check("other", List.of(address("10.99.99.99")), 18080)).doesNotThrowAnyException();
	}

	@Test
	void cidrRangesMatchByPrefix() {
		assertThat(Cidr.parse("172.16.0.0/12").contains(address("172.31.255.255"))).isTrue();
		assertThat(Cidr.parse("172.16.0.0/12").contains(address("172.32.0.0"))).isFalse();
		assertThat(Cidr.parse("fc00::/7").contains(address("fdff::1"))).isTrue();
		assertThat(Cidr.parse("fc00::/7").contains(address("fe00::1"))).isFalse();
		assertThat(Cidr.parse("10.1.2.3/8").contains(address("10.200.0.1"))).isTrue();
		assertThat(Cidr.parse("10.0.0.0/8").contains(address("::1"))).isFalse();
		assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void addressesAreClassifiedByTheSpecialPurposeRanges() {
		assertThat(AddressClass.of(address("127.0.0.2"))).isEqualTo(AddressClass.LOOPBACK);
		assertThat(AddressClass.of(address("::1"))).isEqualTo(AddressClass.LOOPBACK);
		assertThat(AddressClass.of(address("192.168.0.10"))).isEqualTo(AddressClass.PRIVATE);
		assertThat(AddressClass.of(address("fd12::1"))).isEqualTo(AddressClass.PRIVATE);
		assertThat(AddressClass.of(address("169.254.169.254"))).isEqualTo(AddressClass.LINK_LOCAL);
		assertThat(AddressClass.of(address("ff02::1"))).isEqualTo(AddressClass.MULTICAST);
		assertThat(AddressClass.of(address("0.0.0.0"))).isEqualTo(AddressClass.UNSPECIFIED);
		assertThat(AddressClass.of(address("100.100.0.1"))).isEqualTo(AddressClass.SHARED);
		assertThat(AddressClass.of(address("1.1.1.1"))).isEqualTo(AddressClass.PUBLIC);
	}

	private TargetPolicy policy(List<String> allowed) {
		ProbeProperties defaults = defaults();
		return new TargetPolicy(new ProbeProperties(allowed, defaults.defaultTimeout(), defaults.maxTimeout(),
				defaults.maxPayloadBytes(), defaults.maxConcurrency(), defaults.maxDuration(), defaults.maxCount(),
				defaults.maxConcurrentRuns(), defaults.loadThreads(), defaults.keepFinishedRuns(), defaults.maxRatePerSecond()),
				this.environment);
	}

	private static ProbeProperties defaults() {
		return new ProbeProperties(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
				"fc00::/7"), java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(60), 1 << 20, 1000,
				java.time.Duration.ofSeconds(60), 10_000_000, 2, 0, 20, 100_000);
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
