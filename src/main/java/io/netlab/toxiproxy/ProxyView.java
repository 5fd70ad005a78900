package io.netlab.toxiproxy;

import java.util.List;

import io.netlab.impair.ImpairmentSpec;
import io.netlab.listener.ListenerState;
import io.netlab.listener.ListenerView;

/**
 * A proxy as Toxiproxy shows it: a TCP forward listener and its impairments as toxics.
 *
 * @param name the proxy's (and listener's) name
 * @param listen the address it listens on, {@code host:port}, the bound port once running
 * @param upstream where it forwards to
 * @param enabled whether it runs
 * @param toxics its impairments
 */
record ProxyView(String name, String listen, String upstream, boolean enabled, List<ImpairmentSpec> toxics) {

	static ProxyView of(ListenerView view) {
		boolean running = view.state() == ListenerState.RUNNING;
		int port = (running && view.boundPort() != null) ? view.boundPort() : view.spec().port();
		String host = view.spec().bindAddress();
		String listen = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
		return new ProxyView(view.spec().name(), listen, view.spec().upstream(), running, view.spec().impairments());
	}

}
