package io.netlab.listener;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The ports netlab's own UDP listeners are bound to, so that an echo never answers another of
 * netlab's listeners (or itself) on this host: one spoofed datagram would otherwise make two echo
 * listeners answer each other forever (the "Loop DoS" pattern, CVE-2024-2169).
 */
@Component
class UdpPorts {

	private final Set<Integer> bound = ConcurrentHashMap.newKeySet();

	void add(int port) {
		this.bound.add(port);
	}

	void remove(int port) {
		this.bound.remove(port);
	}

	/** True for a datagram from one of netlab's UDP listeners on this host; cheap unless the port matches. */
	boolean isOwn(InetAddress source, int port) {
		if (!this.bound.contains(port)) {
			return false;
		}
		if (source.isLoopbackAddress() || source.isAnyLocalAddress()) {
			return true;
		}
		try {
			return NetworkInterface.getByInetAddress(source) != null;
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
