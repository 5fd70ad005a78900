package io.netlab.probe;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.stream.Collectors;

import io.netlab.wire.Cidr;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Decides whether a probe may reach an address and port, so that the probe API cannot become a
 * way into other networks: the address must be in {@code netlab.probes.allowed-targets}, must
 * not be in a range that is always denied (these win), and must not be netlab's own HTTP port
 * on a local address. Callers check every address a name resolves to and then connect to the
 * checked address itself, so DNS cannot answer differently between check and connect.
 */
@Component
class TargetPolicy {

	/** Denied whatever the configuration says: no probe has a reason to go there. */
	private static final List<Rule> ALWAYS_DENIED = List.of(
			new Rule(Cidr.parse("0.0.0.0/8"), "unspecified addresses (\"this network\")"),
			new Rule(Cidr.parse("::/128"), "the unspecified address"),
			new Rule(Cidr.parse("169.254.0.0/16"), "IPv4 link-local, where cloud metadata services answer"),
			new Rule(Cidr.parse("fe80::/10"), "IPv6 link-local"),
			new Rule(Cidr.parse("224.0.0.0/4"), "IPv4 multicast"),
			new Rule(Cidr.parse("ff00::/8"), "IPv6 multicast"),
			new Rule(Cidr.parse("255.255.255.255/32"), "the limited broadcast address"));

	static final String OWN_PORT_RULE = "netlab-http-port";

	private final List<Cidr> allowed;

	private final Environment environment;

	TargetPolicy(ProbeProperties properties, Environment environment) {
		this.allowed = properties.allowedTargets().stream().map(Cidr::parse).toList();
		this.environment = environment;
	}

	/**
	 * Throws a 403 {@link ProbeException} naming the rule if any of the addresses may not be
	 * probed on this port. Several addresses are all checked: a name that resolves to one
	 * allowed and one denied address is denied.
	 */
	void check(String host, List<InetAddress> addresses, int port) {
		for (InetAddress address : addresses) {
			check(host, address, port);
		}
	}

	private void check(String host, InetAddress address, int port) {
		String target = describe(host, address);
		for (Rule rule : ALWAYS_DENIED) {
			if (rule.range().contains(address)) {
				throw ProbeException.denied("Probes to " + target + " are denied: it is in " + rule.range() + " ("
						+ rule.why() + "), which netlab always denies.", rule.range().text());
			}
		}
		if (this.allowed.stream().noneMatch(range -> range.contains(address))) {
			String ranges = this.allowed.stream().map(Cidr::text).collect(Collectors.joining(", "));
			throw ProbeException.denied("Probes to " + target + " are denied: it is not in netlab.probes.allowed-targets ["
					+ ranges + "].", "allowed-targets");
		}
		if (isOwnPort(port) && isLocal(address)) {
			throw ProbeException.denied("Probes to " + target + " port " + port
					+ " are denied: that is netlab's own HTTP port on a local address.", OWN_PORT_RULE);
		}
	}

	/**
	 * Whether netlab serves HTTP (API or management) on this port. Read at run time, since port
	 * 0 is only known once bound; {@code server.port} counts only until the server has started.
	 */
	private boolean isOwnPort(int port) {
		Integer http = this.environment.getProperty("local.server.port", Integer.class);
		if (http == null) {
			http = this.environment.getProperty("server.port", Integer.class, 8080);
		}
		Integer management = this.environment.getProperty("local.management.port", Integer.class);
		return port == http || (management != null && port == management);
	}

	private static boolean isLocal(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
			return true;
		}
		try {
			return NetworkInterface.getByInetAddress(address) != null;
		}
		catch (SocketException ex) {
			return false;
		}
	}

	private static String describe(String host, InetAddress address) {
		String literal = address.getHostAddress();
		return host.equals(literal) ? literal : host + " (" + literal + ")";
	}

	private record Rule(Cidr range, String why) {
	}

}
