package io.netlab.probe;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

import io.netlab.wire.Cidr;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What kind of address an IP address is, by the IANA special-purpose registries: the first
 * range that contains it decides.
 */
enum AddressClass {

	UNSPECIFIED("0.0.0.0/8", "::/128"),
	LOOPBACK("127.0.0.0/8", "::1/128"),
	LINK_LOCAL("169.254.0.0/16", "fe80::/10"),
	PRIVATE("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"),
	/** Carrier-grade NAT space (RFC 6598). */
	SHARED("100.64.0.0/10"),
	MULTICAST("224.0.0.0/4", "ff00::/8"),
	BROADCAST("255.255.255.255/32"),
	DOCUMENTATION("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"),
	/** Everything else not set aside: reachable across the internet. */
	PUBLIC;

	private final List<Cidr> ranges;

	AddressClass(String... ranges) {
		this.ranges = List.of(ranges).stream().map(Cidr::parse).toList();
	}

	static AddressClass of(InetAddress address) {
		for (AddressClass candidate : values()) {
			if (candidate.ranges.stream().anyMatch(range -> range.contains(address))) {
				return candidate;
			}
		}
		return PUBLIC;
	}

	@JsonValue
	String wireName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
