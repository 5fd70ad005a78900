package io.netlab.listener;

import java.net.InetAddress;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Whether a forward listener may connect to an upstream address: the probes' target policy,
 * provided by the probe module (which depends on this one, not the other way round).
 */
public interface UpstreamPolicy {

	/** Why connecting to these addresses of {@code host} on {@code port} is refused, or null if allowed. */
	@Nullable String refusal(String host, List<InetAddress> addresses, int port);

}
