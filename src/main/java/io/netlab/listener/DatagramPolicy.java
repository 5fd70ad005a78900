package io.netlab.listener;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.netlab.listener.transport.DatagramGate;

/**
 * What a UDP listener answers: sources refused by the access rules are dropped; an echo never
 * answers well-known service ports (echo, chargen, DNS, NTP, SSDP, memcached ...) or a
 * multicast, broadcast or unspecified source, so it cannot be made into a loop or a reflector;
 * and each source, and the listener as a whole, are held to a datagram rate (token buckets).
 * Runs on the listener's single receive thread only, so it needs no locks.
 */
final class DatagramPolicy implements DatagramGate {

	/** Ports of services that answer datagrams: echoing to them makes loops and amplifiers. */
	static final Set<Integer> REFLECTOR_PORTS = Set.of(0, 7, 13, 17, 19, 37, 53, 111, 123, 161, 389, 1900, 11211);

	private static final int MAX_TRACKED_SOURCES = 4096;

	private final ManagedListener listener;

	private final boolean echo;

	private final TokenBucket all;

	private final int perSourceRate;

	/** The most recently seen sources' buckets; the least recently seen is forgotten first. */
	private final Map<InetAddress, TokenBucket> perSource = new LinkedHashMap<>(64, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<InetAddress, TokenBucket> eldest) {
			return size() > MAX_TRACKED_SOURCES;
		}

	};

	DatagramPolicy(ManagedListener listener) {
		this.listener = listener;
		this.echo = listener.spec.behavior() == Behavior.ECHO;
		this.all = new TokenBucket(listener.spec.limits().maxDatagramsPerSecond());
		this.perSourceRate = listener.spec.limits().maxDatagramsPerSecondPerSource();
	}

	@Override
	public boolean admit(InetAddress address, int port) {
		DropReason reason = reason(address, port);
		if (reason == null) {
			return true;
		}
		this.listener.stats.dropped(reason);
		return false;
	}

	private DropReason reason(InetAddress address, int port) {
		if (this.listener.access.refusal(address) != null) {
			return DropReason.DENIED;
		}
		if (this.echo && (REFLECTOR_PORTS.contains(port) || address.isMulticastAddress()
				|| address.isAnyLocalAddress() || isLimitedBroadcast(address))) {
			return DropReason.REFLECTOR;
		}
		long now = System.nanoTime();
		if (!this.all.take(now)) {
			return DropReason.RATE;
		}
		if (!this.perSource.computeIfAbsent(address, key -> new TokenBucket(this.perSourceRate)).take(now)) {
			return DropReason.RATE;
		}
		return null;
	}

	private static boolean isLimitedBroadcast(InetAddress address) {
		byte[] bytes = address.getAddress();
		return bytes.length == 4 && bytes[0] == (byte) 255 && bytes[1] == (byte) 255 && bytes[2] == (byte) 255
				&& bytes[3] == (byte) 255;
	}

	/**
	 * A token bucket refilled at {@code rate} tokens per second, holding at most one second's worth.
	 */
	static final class TokenBucket {

		private final double rate;

		private double tokens;

		private long last = System.nanoTime();

		TokenBucket(int rate) {
			this.rate = rate;
			this.tokens = rate;
		}

		boolean take(long now) {
			this.tokens = Math.min(this.rate, this.tokens + (now - this.last) * this.rate / 1e9);
			this.last = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return true;
			}
			return false;
		}

	}

}
