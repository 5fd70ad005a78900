package io.netlab.blackbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The modules every netlab has, named as blackbox_exporter users know them where a blackbox
 * module of that name exists ({@code tcp_connect}).
 */
final class BuiltinModules {

	static final String ECHO_PAYLOAD = "netlab-probe";

	/** 64 bytes: a stamp and some room, the size ping sends. */
	static final String LOSS_PAYLOAD = "netlab-udp-loss-probe-".repeat(3).substring(0, 64);

	private BuiltinModules() {
	}

	static Map<String, ProbeModule> all() {
		Map<String, ProbeModule> modules = new LinkedHashMap<>();
		modules.put("tcp_connect", ProbeModule.of(Prober.TCP));
		modules.put("tcp_echo", ProbeModule.of(Prober.TCP).withPayload(ECHO_PAYLOAD + "\n", "^" + ECHO_PAYLOAD));
		modules.put("tls_connect", ProbeModule.of(Prober.TLS));
		modules.put("udp_echo", ProbeModule.of(Prober.UDP).withPayload(ECHO_PAYLOAD, "^" + ECHO_PAYLOAD + "$"));
		modules.put("udp_loss", ProbeModule.of(Prober.UDP_LOSS).withPayload(LOSS_PAYLOAD, null).withRun(50, 100));
		modules.put("dns", ProbeModule.of(Prober.DNS));
		return modules;
	}

}
