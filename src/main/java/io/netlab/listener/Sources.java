package io.netlab.listener;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What counts as one source for per-source limits: an IPv4 address, or an IPv6 /64 (one host
 * usually holds a whole /64, and could otherwise pose as billions of sources).
 */
final class Sources {

	private Sources() {
	}

	static InetAddress key(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return address;
		}
		byte[] bytes = address.getAddress();
		for (int i = 8; i < 16; i++) {
			bytes[i] = 0;
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			return address; // cannot happen for 16 bytes
		}
	}

}
