package io.netlab.listener;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

import io.netlab.wire.Protocol;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-datagram cost of a UDP echo listener's gate ({@link DatagramPolicy#admit}: access rules,
 * reflector checks, per-source and listener-wide token buckets, the own-ports check) without
 * sockets, built as the listener service builds it from a spec. One operation is one datagram.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DatagramPolicyBenchmark {

	/** So high that no bucket runs dry: every datagram is admitted and all checks run. */
	static final int UNLIMITED = 1_000_000_000;

	private static final int CLIENT_PORT = 40000;

	/**
	 * A UDP echo listener as the service holds it, built from a spec with defaults applied, whose
	 * listener-wide rate never runs dry and whose sources may each send {@code perSourceRate}
	 * datagrams a second.
	 */
	static ManagedListener listener(int perSourceRate) {
		ListenerSpec spec = new ListenerSpec("bench", Protocol.UDP, 0, null, null, null, null, null, null,
				new ListenerSpec.Limits(null, null, null, null, null, null, perSourceRate, UNLIMITED, null, null), null,
				null, null, null, null, null)
			.withDefaults();
		return new ManagedListener(spec, ListenerSource.API, true);
	}

	/** The listener's gate, as the listener service makes it when the listener starts. */
	static DatagramPolicy policy(ManagedListener listener) {
		UdpPorts own = new UdpPorts();
		own.add(47007); // this listener's own port, as when it runs
		return new DatagramPolicy(listener, own);
	}

	/**
	 * Datagrams within every limit from {@code sources} sources in turn: IPv4 addresses, or IPv6
	 * addresses of as many /64s. Past {@link DatagramPolicy#MAX_TRACKED_SOURCES} each datagram
	 * comes from the least recently seen source, so each one evicts a source and tracks a new one.
	 */
	@State(Scope.Thread)
	public static class Traffic {

		@Param({ "ipv4", "ipv6" })
		public String family;

		@Param({ "1", "1000", "10000" })
		public int sources;

		DatagramPolicy policy;

		InetAddress[] addresses;

		int next;

		@Setup
		public void setUp() throws UnknownHostException {
			this.policy = policy(listener(UNLIMITED));
			this.addresses = new InetAddress[this.sources];
			for (int n = 0; n < this.sources; n++) {
				this.addresses[n] = "ipv6".equals(this.family)
						? InetAddress.getByName(String.format("2001:db8:%x:%x::1", n >> 16, n & 0xffff))
						: InetAddress.getByAddress(new byte[] { 10, (byte) (n >> 16), (byte) (n >> 8), (byte) n });
			}
		}

		InetAddress nextSource() {
			InetAddress source = this.addresses[this.next];
			this.next = (this.next + 1 == this.addresses.length) ? 0 : this.next + 1;
			return source;
		}

	}

	/** One IPv4 source far over its own limit of 1 datagram/s: every datagram is dropped for its rate. */
	@State(Scope.Thread)
	public static class Flood {

		DatagramPolicy policy;

		InetAddress source;

		@Setup
		public void setUp() throws UnknownHostException {
			this.policy = policy(listener(1));
			this.source = InetAddress.getByAddress(new byte[] { 10, 0, 0, 1 });
		}

	}

	@Benchmark
	public boolean admit(Traffic traffic) {
		return traffic.policy.admit(traffic.nextSource(), CLIENT_PORT, 1024);
	}

	@Benchmark
	public boolean dropOverLimit(Flood flood) {
		return flood.policy.admit(flood.source, CLIENT_PORT, 1024);
	}

}
