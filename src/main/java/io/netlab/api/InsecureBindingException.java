package io.netlab.api;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

/**
 * HTTP would be reachable beyond this machine with no API token: netlab refuses to start.
 */
public class InsecureBindingException extends RuntimeException {

	InsecureBindingException(@Nullable InetAddress bound) {
		super("HTTP would bind " + ((bound != null) ? bound.getHostAddress() : "every address")
				+ " (server.address) with no API token configured, so anyone who can reach this machine could "
				+ "create listeners and send traffic through it.");
	}

}
