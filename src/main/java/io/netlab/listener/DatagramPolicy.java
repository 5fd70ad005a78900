package io.netlab.listener;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.netlab.listener.transport.DatagramGate;
import org.jspecify.annotations.Nullable;

/**
 * What a UDP listener answers: sources refused by the access rules are dropped; an echo never
 * answers well-known service ports (echo, chargen, DNS, NTP, SSDP, memcached ...) or a
 * multicast, broadcast or unspecified source, nor another of netlab's own UDP listeners, so it
 * cannot be made into a loop or a reflector;
 * and each source (an IPv4 address or an IPv6 /64), then the listener as a whole, are held to a
 * rate (token buckets). A source
 * over its own limit is dropped before it can spend the listener-wide budget, so one flooder
 * cannot starve everyone else. Per-source state is bounded: when the table is full, a new source
 * takes the place of the least recently seen one only if that one has no debt left (its bucket
 * is full again); otherwise it shares one overflow bucket with the other untracked sources, so
 * neither forgetting a flooder nor spraying source addresses buys more than one source's rate.
 * Runs on the listener's single receive thread only, so it needs no locks.
 */
final class DatagramPolicy implements DatagramGate {

	/** Ports of services that answer datagrams: echoing to them makes loops and amplifiers. */
	static final Set<Integer> REFLECTOR_PORTS = Set.of(0, 7, 13, 17, 19, 37, 53, 111, 123, 161, 389, 1900, 11211);

	static final int MAX_TRACKED_SOURCES = 4096;

	private final ManagedListener listener;

	private final boolean echo;

	private final TokenBucket all;

	private final int perSourceRate;

	private final @Nullable Integer perSourceBytes;

	/** The sources seen, least recently seen first. */
	private final LinkedHashMap<InetAddress, SourceBuckets> perSource = new LinkedHashMap<>(64, 0.75f, true);

	/** Shared by the sources that found the table full of sources still in debt. */
	private final SourceBuckets overflow;

	private final UdpPorts ownPorts;

	DatagramPolicy(ManagedListener listener, UdpPorts ownPorts) {
		this.listener = listener;
		this.ownPorts = ownPorts;
		this.echo = listener.spec.behavior() == Behavior.ECHO;
		ListenerSpec.Limits limits = listener.spec.limits();
		this.all = new TokenBucket(limits.maxDatagramsPerSecond());
		this.perSourceRate = limits.maxDatagramsPerSecondPerSource();
		this.perSourceBytes = limits.maxBytesPerSecondPerSource();
		this.overflow = newBuckets();
	}

	@Override
	public boolean admit(InetAddress address, int port, int length) {
		DropReason reason = reason(address, port, length);
		if (reason == null) {
			return true;
		}
		this.listener.stats.dropped(reason);
		return false;
	}

	private @Nullable DropReason reason(InetAddress address, int port, int length) {
		if (this.listener.access.refusal(address) != null) {
			return DropReason.DENIED;
		}
		if (this.echo && (REFLECTOR_PORTS.contains(port) || address.isMulticastAddress()
				|| address.isAnyLocalAddress() || isLimitedBroadcast(address))) {
			return DropReason.REFLECTOR;
		}
		long now = System.nanoTime();
		if (!buckets(Sources.key(address), now).take(now, length)) {
			return DropReason.RATE;
		}
		if (!this.all.take(now, 1)) {
			return DropReason.RATE;
		}
		if (this.echo && this.ownPorts.isOwn(address, port)) {
			return DropReason.REFLECTOR; // after the rate limits: the interface lookup it may take is not free
		}
		return null;
	}

	private SourceBuckets buckets(InetAddress address, long now) {
		SourceBuckets buckets = this.perSource.get(address);
		if (buckets != null) {
			return buckets;
		}
		if (this.perSource.size() >= MAX_TRACKED_SOURCES) {
			Map.Entry<InetAddress, SourceBuckets> eldest = this.perSource.entrySet().iterator().next();
			if (!eldest.getValue().full(now)) {
				return this.overflow;
			}
			this.perSource.remove(eldest.getKey());
		}
		buckets = newBuckets();
		this.perSource.put(address, buckets);
		return buckets;
	}

	private SourceBuckets newBuckets() {
		return new SourceBuckets(new TokenBucket(this.perSourceRate),
				(this.perSourceBytes != null) ? new TokenBucket(this.perSourceBytes) : null);
	}

	/** Sources tracked now, for tests of the bound. */
	int trackedSources() {
		return this.perSource.size();
	}

	private static boolean isLimitedBroadcast(InetAddress address) {
		byte[] bytes = address.getAddress();
		return bytes.length == 4 && bytes[0] == (byte) 255 && bytes[1] == (byte) 255 && bytes[2] == (byte) 255
				&& bytes[3] == (byte) 255;
	}

	/** One source's datagram bucket and, if limited, its byte bucket. */
	private record SourceBuckets(TokenBucket datagrams, @Nullable TokenBucket bytes) {

		boolean take(long now, int length) {
			if (this.bytes != null && !this.bytes.take(now, length)) {
				return false;
			}
			return this.datagrams.take(now, 1);
		}

		boolean full(long now) {
			return this.datagrams.full(now) && (this.bytes == null || this.bytes.full(now));
		}

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

		private void refill(long now) {
			this.tokens = Math.min(this.rate, this.tokens + (now - this.last) * this.rate / 1e9);
			this.last = now;
		}

		boolean take(long now, int amount) {
			refill(now);
			if (this.tokens >= amount) {
				this.tokens -= amount;
				return true;
			}
			return false;
		}

		boolean full(long now) {
			refill(now);
			return this.tokens >= this.rate;
		}

	}

}
