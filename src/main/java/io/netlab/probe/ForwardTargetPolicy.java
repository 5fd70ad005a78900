package io.netlab.probe;

import java.net.InetAddress;
import java.util.List;

import io.netlab.listener.UpstreamPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The probes' target policy applied to forward listeners' upstreams: a forward listener may
 * connect where a probe may (metadata addresses, netlab's own HTTP port and unspecified
 * addresses never).
 */
@Component
class ForwardTargetPolicy implements UpstreamPolicy {

	private final TargetPolicy policy;

	ForwardTargetPolicy(TargetPolicy policy) {
		this.policy = policy;
	}

	@Override
	public @Nullable String refusal(String host, List<InetAddress> addresses, int port) {
		try {
			this.policy.check(host, addresses, port);
			return null;
		}
		catch (ProbeException ex) {
			return ex.getMessage().replace("Probes to", "Forwarding to");
		}
	}

}
