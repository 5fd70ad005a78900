package io.netlab.toxiproxy;

import java.util.List;

import io.netlab.listener.Behavior;
import io.netlab.listener.ListenerException;
import io.netlab.listener.ListenerService;
import io.netlab.listener.ListenerSpec;
import io.netlab.listener.ListenerState;
import io.netlab.listener.ListenerView;
import io.netlab.wire.Protocol;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Toxiproxy's proxies over netlab's listeners: which listeners are proxies (TCP forward ones),
 * and creating, changing and enabling them from Toxiproxy's JSON.
 */
@Component
class ToxiproxyProxies {

	private final ListenerService listeners;

	ToxiproxyProxies(ListenerService listeners) {
		this.listeners = listeners;
	}

	List<ListenerView> all() {
		return this.listeners.list().stream().filter(ToxiproxyProxies::isProxy).toList();
	}

	ListenerView find(String name) {
		ListenerView view;
		try {
			view = this.listeners.get(name);
		}
		catch (ListenerException ex) {
			throw new ToxiproxyException(HttpStatus.NOT_FOUND, "proxy not found");
		}
		if (!isProxy(view)) {
			throw new ToxiproxyException(HttpStatus.NOT_FOUND, "proxy not found");
		}
		return view;
	}

	ListenerView create(JsonNode body) {
		String name = body.path("name").asText("");
		if (name.isEmpty()) {
			throw new ToxiproxyException(HttpStatus.BAD_REQUEST, "missing required field: name");
		}
		if (body.path("upstream").asText("").isEmpty()) {
			throw new ToxiproxyException(HttpStatus.BAD_REQUEST, "missing required field: upstream");
		}
		if (this.listeners.list().stream().anyMatch(view -> view.spec().name().equals(name))) {
			throw new ToxiproxyException(HttpStatus.CONFLICT, "proxy already exists");
		}
		ListenerSpec wanted = spec(name, body.path("listen").asText("127.0.0.1:0"), body.path("upstream").asText());
		ListenerView created = this.listeners.create(wanted);
		if (wanted.port() == 0 && created.boundPort() != null) {
			// as Toxiproxy does, the proxy keeps the port it got: a disable and enable rebinds it
			ListenerSpec pinned = new ListenerSpec(name, Protocol.TCP, created.boundPort(), wanted.bindAddress(),
					Behavior.FORWARD, null, null, null, null, null, null, null, null, null, wanted.upstream(), null);
			created = this.listeners.update(name, pinned);
		}
		if (body.has("enabled") && !body.get("enabled").asBoolean(true)) {
			return this.listeners.stopNow(name);
		}
		return created;
	}

	/** Toxiproxy's update: the fields given change, the others stay. */
	ListenerView update(String name, JsonNode body) {
		ListenerView current = find(name);
		ListenerSpec spec = current.spec();
		String listen = body.path("listen").asText(address(spec.bindAddress()) + ":" + spec.port());
		String upstream = body.path("upstream").asText(spec.upstream());
		ListenerSpec wanted = spec(name, listen, upstream);
		ListenerView updated = current;
		if (!wanted.port().equals(spec.port()) || !wanted.bindAddress().equals(spec.bindAddress())
				|| !upstream.equals(spec.upstream())) {
			updated = this.listeners.update(name, withImpairments(wanted, spec));
		}
		if (body.has("enabled")) {
			updated = enable(name, body.get("enabled").asBoolean());
		}
		return updated;
	}

	ListenerView createOrReplace(JsonNode proxy) {
		String name = proxy.path("name").asText("");
		boolean exists = this.listeners.list().stream().anyMatch(view -> view.spec().name().equals(name));
		return exists ? update(name, proxy) : create(proxy);
	}

	/** Enabled: running; disabled: stopped at once, its connections closed. */
	ListenerView enable(String name, boolean enabled) {
		ListenerView view = this.listeners.get(name);
		boolean running = view.state() == ListenerState.RUNNING;
		if (enabled && !running) {
			return this.listeners.start(name);
		}
		if (!enabled && running) {
			return this.listeners.stopNow(name);
		}
		return view;
	}

	private static ListenerSpec spec(String name, String listen, String upstream) {
		int colon = listen.lastIndexOf(':');
		if (colon < 0) {
			throw new ToxiproxyException(HttpStatus.BAD_REQUEST, "listen must be host:port, was '" + listen + "'");
		}
		String host = listen.substring(0, colon).replace("[", "").replace("]", "");
		if (host.isEmpty() || host.equals("localhost")) {
			host = "127.0.0.1";
		}
		int port;
		try {
			port = Integer.parseInt(listen.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new ToxiproxyException(HttpStatus.BAD_REQUEST, "listen must end in a port, was '" + listen + "'");
		}
		return new ListenerSpec(name, Protocol.TCP, port, host, Behavior.FORWARD, null, null, null, null, null, null,
				null, null, null, upstream, null);
	}

	private static ListenerSpec withImpairments(ListenerSpec wanted, ListenerSpec current) {
		return new ListenerSpec(wanted.name(), wanted.protocol(), wanted.port(), wanted.bindAddress(),
				wanted.behavior(), null, null, null, null, null, null, null, current.seed(), current.impairments(),
				wanted.upstream(), current.upstreamTls());
	}

	private static String address(String host) {
		return host.contains(":") ? "[" + host + "]" : host;
	}

	private static boolean isProxy(ListenerView view) {
		return view.spec().behavior() == Behavior.FORWARD && view.spec().protocol() == Protocol.TCP;
	}

}
