package io.netlab.listener;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.netlab.config.NetlabProperties;
import io.netlab.events.EventsProperties;
import io.netlab.events.LabEvent;
import io.netlab.wire.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The listener service without a Spring context: a real store in a temporary directory, real
 * traffic bookkeeping, and flows that bind nothing (a slice test of the service alone), to show
 * its lifecycle rules: the store is written before anything changes, a failure leaves nothing
 * behind, and a restart brings back what was stored.
 */
class ListenerServiceTests {

	@TempDir
	Path dataDir;

	private final List<Object> events = new ArrayList<>();

	private final FakeFlows flows = new FakeFlows();

	private ListenerService service() {
		ListenerTraffic traffic = new ListenerTraffic(this.events::add,
				new EventsProperties(1000, 20, 1000, 64, Duration.ofSeconds(30), null));
		ListenerStore store = new ListenerStore(new NetlabProperties(this.dataDir), JsonMapper.builder().build());
		ListenerService service = new ListenerService(this.flows, traffic, store,
				new ListenerProperties(Duration.ofMillis(100), Duration.ofSeconds(1), 1, null), this.events::add);
		service.start();
		return service;
	}

	private static ListenerSpec spec(String name, int port) {
		return new ListenerSpec(name, Protocol.TCP, port, null, null, null, null, null, null, null, null, null, null,
				null, null, null);
	}

	@Test
	void createStartsTheListenerStoresItAndReportsItInOrder() throws Exception {
		ListenerView view = service().create(spec("one", 0));
		assertThat(view.state()).isEqualTo(ListenerState.RUNNING);
		assertThat(view.boundPort()).isPositive();
		assertThat(Files.readString(this.dataDir.resolve("listeners.json"))).contains("\"one\"");
		assertThat(this.events.stream().filter(LabEvent.class::isInstance).map(e -> e.getClass().getSimpleName()))
			.containsExactly("ListenerCreated", "ListenerStarted");
	}

	@Test
	void aPortInUseFailsTheCreateAndLeavesNothingBehind() throws Exception {
		ListenerService service = service();
		assertThatExceptionOfType(ListenerException.class).isThrownBy(() -> service.create(spec("taken", FakeFlows.TAKEN)))
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(HttpStatus.CONFLICT));
		assertThat(service.list()).isEmpty();
		assertThat(this.flows.running).isEmpty();
		assertThat(Files.exists(this.dataDir.resolve("listeners.json"))
				&& Files.readString(this.dataDir.resolve("listeners.json")).contains("taken")).isFalse();
	}

	@Test
	void whenTheStoreCannotBeWrittenNothingIsBoundAndNothingChanges() throws Exception {
		ListenerService service = service();
		service.create(spec("kept", 0));
		Files.createDirectories(this.dataDir.resolve("listeners.json.tmp")); // the store's next write fails
		assertThatExceptionOfType(ListenerException.class).isThrownBy(() -> service.create(spec("new", 0)))
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
		assertThatExceptionOfType(ListenerException.class).isThrownBy(() -> service.delete("kept"))
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
		assertThat(service.list()).extracting(listener -> listener.spec().name()).containsExactly("kept");
		assertThat(this.flows.running).containsExactly("kept");
		assertThat(service.get("kept").state()).isEqualTo(ListenerState.RUNNING);
	}

	@Test
	void stopReleasesTheTransportAndARestartBringsBackTheStoredState() {
		ListenerService first = service();
		first.create(spec("running", 0));
		first.create(spec("stopped", 0));
		assertThat(first.stop("stopped").state()).isEqualTo(ListenerState.STOPPED);
		assertThat(this.flows.running).containsExactly("running");
		first.stop();
		assertThat(this.flows.running).isEmpty();

		ListenerService second = service();
		assertThat(second.get("running").state()).isEqualTo(ListenerState.RUNNING);
		assertThat(second.get("stopped").state()).isEqualTo(ListenerState.STOPPED);
	}

	/** Flows that bind nothing: a port is handed out, or refused for {@link #TAKEN}. */
	static final class FakeFlows extends ListenerFlows {

		static final int TAKEN = 7;

		/** The listeners "running" now, by the port they were given. */
		final java.util.Map<Integer, String> byPort = new ConcurrentHashMap<>();

		final java.util.Collection<String> running = this.byPort.values();

		private int nextPort = 40_000;

		FakeFlows() {
			super(null, null, null, null, null, null, null);
		}

		@Override
		ManagedListener.Running start(ManagedListener listener) {
			int port = listener.spec.port();
			if (port == TAKEN) {
				throw ListenerException.portInUse("tcp", "127.0.0.1", port, new BindException("Address already in use"));
			}
			int bound = (port != 0) ? port : this.nextPort++;
			this.byPort.put(bound, listener.name());
			return new ManagedListener.Running(null, bound, null, null, null);
		}

		@Override
		void stopAccepting(ManagedListener.Running running) {
			// nothing is bound
		}

		@Override
		void remove(ManagedListener.Running running) {
			this.byPort.remove(running.port());
		}

	}

}
