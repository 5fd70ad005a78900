package io.netlab.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Turns a host name into addresses, once, and addresses back into names. Uses the JVM's
 * resolver (and its cache, {@code networkaddress.cache.ttl}); blocking, so it runs on the
 * caller's thread, never on a selector thread.
 */
@Component
class Resolver {

	private static final Pattern LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.%a-zA-Z]*]?");

	/**
	 * Every address of {@code host}, in the resolver's order.
	 * @throws UnknownHostException if the name has no address
	 */
	Resolution resolve(String host) throws UnknownHostException {
		long start = System.nanoTime();
		InetAddress[] addresses = InetAddress.getAllByName(host);
		return new Resolution(host, List.of(addresses), System.nanoTime() - start, isLiteral(host));
	}

	/** The name a reverse (PTR) lookup gives for the address, or null if there is none. */
	@Nullable String reverse(InetAddress address) {
		try {
			// a fresh InetAddress without a name, so the lookup really asks the resolver
			InetAddress bare = InetAddress.getByAddress(address.getAddress());
			String name = bare.getCanonicalHostName();
			return name.equals(bare.getHostAddress()) ? null : name;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	static boolean isLiteral(String host) {
		return LITERAL.matcher(host).matches();
	}

	/**
	 * The outcome of one forward lookup.
	 *
	 * @param host what was looked up
	 * @param addresses the answer, in the resolver's order
	 * @param nanos how long the lookup took
	 * @param literal whether {@code host} was an address already (no lookup was needed)
	 */
	record Resolution(String host, List<InetAddress> addresses, long nanos, boolean literal) {
	}

}
