package io.netlab.mesh;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The mesh's peers: the static list and the addresses the DNS name resolves to (again once
 * {@code dns-refresh} has passed), without this netlab itself. A failed DNS lookup keeps the
 * addresses it had. Called from the mesh's scheduling thread only.
 */
class PeerDirectory {

	private static final Log logger = LogFactory.getLog(PeerDirectory.class);

	private final MeshProperties properties;

	private final Resolver resolver;

	private List<String> fromDns = List.of();

	private long resolvedAtNanos;

	private boolean resolvedOnce;

	PeerDirectory(MeshProperties properties, Resolver resolver) {
		this.properties = properties;
		this.resolver = resolver;
	}

	/** Every peer but this netlab, sorted. */
	List<String> peers() {
		refreshDns();
		Set<String> all = new TreeSet<>(this.properties.peers());
		all.addAll(this.fromDns);
		Set<String> own = ownAddresses();
		all.removeIf(peer -> isSelf(peer, own));
		return List.copyOf(all);
	}

	private void refreshDns() {
		String name = this.properties.dns();
		if (name == null || name.isBlank()) {
			return;
		}
		long now = System.nanoTime();
		if (this.resolvedOnce && now - this.resolvedAtNanos < this.properties.dnsRefresh().toNanos()) {
			return;
		}
		this.resolvedAtNanos = now;
		this.resolvedOnce = true;
		try {
			Set<String> addresses = new LinkedHashSet<>();
			for (InetAddress address : this.resolver.resolve(name)) {
				addresses.add(address.getHostAddress());
			}
			this.fromDns = List.copyOf(addresses);
		}
		catch (UnknownHostException ex) {
			logger.warn("Mesh peers: '" + name + "' does not resolve (" + ex.getMessage() + "); keeping "
					+ this.fromDns.size() + " peer(s) from DNS");
		}
	}

	private boolean isSelf(String peer, Set<String> own) {
		if (this.properties.self() != null) {
			return peer.equals(this.properties.self());
		}
		try {
			return own.contains(InetAddress.getByName(peer).getHostAddress());
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/** This host's non-loopback addresses: used to recognise itself when {@code self} is not set. */
	private Set<String> ownAddresses() {
		if (this.properties.self() != null) {
			return Set.of();
		}
		Set<String> own = new TreeSet<>();
		try {
			for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				for (InetAddress address : Collections.list(nic.getInetAddresses())) {
					if (!address.isLoopbackAddress()) {
						own.add(address.getHostAddress());
					}
				}
			}
		}
		catch (SocketException ex) {
			logger.debug("Cannot list the network interfaces", ex);
		}
		return own;
	}

	/** How a name becomes addresses: the JVM's resolver, or a test's. */
	interface Resolver {

		InetAddress[] resolve(String name) throws UnknownHostException;

	}

}
