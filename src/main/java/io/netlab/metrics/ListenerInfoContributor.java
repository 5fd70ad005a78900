package io.netlab.metrics;

import java.util.List;
import java.util.Map;

import io.netlab.listener.ListenerService;
import io.netlab.listener.ListenerState;
import io.netlab.listener.ListenerView;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * Adds the listener count to {@code /actuator/info}.
 */
@Component
class ListenerInfoContributor implements InfoContributor {

	private final ListenerService listeners;

	ListenerInfoContributor(ListenerService listeners) {
		this.listeners = listeners;
	}

	@Override
	public void contribute(Info.Builder builder) {
		List<ListenerView> all = this.listeners.list();
		long running = all.stream().filter(view -> view.state() == ListenerState.RUNNING).count();
		builder.withDetail("listeners", Map.of("total", all.size(), "running", running));
	}

}
