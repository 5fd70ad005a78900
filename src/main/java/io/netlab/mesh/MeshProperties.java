package io.netlab.mesh;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of mesh mode under {@code netlab.mesh.*}; the root {@code application.yml}
 * documents each.
 *
 * @param enabled probe the peers at all
 * @param peers static peer hosts (names or addresses)
 * @param dns a name (a headless Service) whose A/AAAA records are peers too
 * @param dnsRefresh how often {@code dns} is resolved again
 * @param interval how often each chosen peer is probed
 * @param fanout how many peers this netlab probes at most, chosen on a hash ring
 * @param self this netlab's own address among the peers, left out of them; absent = every
 * non-loopback address of this host
 * @param node this netlab's node name, the {@code node} tag of the mesh meters; absent = {@code self}
 * @param tcpPort the peers' TCP echo port
 * @param udpPort the peers' UDP echo port
 * @param tlsPort the peers' TLS echo port; 0 = no TLS probes
 * @param timeout how long one probe may take
 * @param udpCount datagrams in each stamped UDP run
 * @param threads threads that run the probes
 */
@ConfigurationProperties("netlab.mesh")
record MeshProperties(@DefaultValue("false") boolean enabled, @DefaultValue List<String> peers, @Nullable String dns,
		@DefaultValue("30s") Duration dnsRefresh, @DefaultValue("10s") Duration interval, @DefaultValue("16") int fanout,
		@Nullable String self, @Nullable String node, @DefaultValue("7007") int tcpPort,
		@DefaultValue("7007") int udpPort, @DefaultValue("0") int tlsPort, @DefaultValue("2s") Duration timeout,
		@DefaultValue("20") int udpCount, @DefaultValue("4") int threads) {

	MeshProperties {
		if (fanout < 1) {
			throw new IllegalArgumentException("netlab.mesh.fanout must be 1 or more, was " + fanout);
		}
		if (dnsRefresh.isNegative()) {
			throw new IllegalArgumentException("netlab.mesh.dns-refresh must not be negative, was " + dnsRefresh);
		}
		if (threads < 1) {
			throw new IllegalArgumentException("netlab.mesh.threads must be 1 or more, was " + threads);
		}
		if (udpCount < 1 || udpCount > 1000) {
			throw new IllegalArgumentException("netlab.mesh.udp-count must be between 1 and 1000, was " + udpCount);
		}
		if (interval.toMillis() < 100 || timeout.compareTo(interval) > 0) {
			throw new IllegalArgumentException("netlab.mesh.interval must be at least 100ms and no shorter than "
					+ "netlab.mesh.timeout, was " + interval + " (timeout " + timeout + ")");
		}
		for (int port : new int[] { tcpPort, udpPort }) {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("netlab.mesh.tcp-port and udp-port must be 1-65535, was " + port);
			}
		}
		if (tlsPort < 0 || tlsPort > 65535) {
			throw new IllegalArgumentException("netlab.mesh.tls-port must be 0 (off) or 1-65535, was " + tlsPort);
		}
	}

	/** The node tag: the node name, else this netlab's address, else "local". */
	String nodeName() {
		return (this.node != null && !this.node.isBlank()) ? this.node : (this.self != null) ? this.self : "local";
	}

}
