package io.netlab.blackbox;

import io.netlab.wire.Framing;
import org.jspecify.annotations.Nullable;

/**
 * A named way of probing a target, as a blackbox_exporter module: set in
 * {@code netlab.probe.modules.<name>} or over {@code PUT /api/probe-modules/{name}}. Absent
 * fields take the prober's defaults.
 *
 * @param prober tcp, tls, udp, udp_loss or dns
 * @param timeoutMs how long the probe may take (never more than the scrape timeout allows)
 * @param payload what to send (tcp, tls: nothing = connect only; udp, udp_loss: a default)
 * @param expect a regular expression the reply must contain (tcp, tls, udp)
 * @param framing tcp, tls: how the payload is framed and the reply read (default raw)
 * @param insecure tls: accept any certificate and name
 * @param serverName tls: SNI and the name checked; default the target host
 * @param count udp_loss: datagrams to send
 * @param ratePerSecond udp_loss: datagrams per second
 * @param maxLossRatio udp_loss: the highest loss ratio that is still a success (default: any
 *     answer at all is a success)
 */
public record ProbeModule(@Nullable Prober prober, @Nullable Long timeoutMs, @Nullable String payload,
		@Nullable String expect, @Nullable Framing framing, @Nullable Boolean insecure, @Nullable String serverName,
		@Nullable Long count, @Nullable Double ratePerSecond, @Nullable Double maxLossRatio) {

	static ProbeModule of(Prober prober) {
		return new ProbeModule(prober, null, null, null, null, null, null, null, null, null);
	}

	ProbeModule withPayload(String payload, @Nullable String expect) {
		return new ProbeModule(this.prober, this.timeoutMs, payload, expect, this.framing, this.insecure,
				this.serverName, this.count, this.ratePerSecond, this.maxLossRatio);
	}

	ProbeModule withRun(long count, double ratePerSecond) {
		return new ProbeModule(this.prober, this.timeoutMs, this.payload, this.expect, this.framing, this.insecure,
				this.serverName, count, ratePerSecond, this.maxLossRatio);
	}

}
