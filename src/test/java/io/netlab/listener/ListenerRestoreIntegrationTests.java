package io.netlab.listener;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.netlab.support.Api;
import io.netlab.support.Netlab;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing the user built is lost: API-created listeners come back after a restart, with their
 * running or stopped state, and a damaged store stops startup instead of being overwritten.
 */
class ListenerRestoreIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void restartRestoresApiCreatedListenersAndTheirState() throws Exception {
		int runningPort;
		try (ConfigurableApplicationContext first = Netlab.start(this.dataDir)) {
			Api api = Netlab.api(first);
			runningPort = api.createListener("{\"name\": \"keeper\", \"framing\": \"line\"}");
			api.createListener("{\"name\": \"sleeper\", \"protocol\": \"udp\"}");
			api.post("/api/listeners/sleeper/stop");
		}
		try (ConfigurableApplicationContext second = Netlab.start(this.dataDir)) {
			Api api = Netlab.api(second);
			JsonNode keeper = api.get("/api/listeners/keeper").json();
			assertThat(keeper.get("state").asText()).isEqualTo("RUNNING");
			assertThat(keeper.get("source").asText()).isEqualTo("api");
			assertThat(keeper.get("framing").asText()).isEqualTo("line");
			assertThat(api.get("/api/listeners/sleeper").json().get("state").asText()).isEqualTo("STOPPED");
			int port = keeper.get("boundPort").asInt();
			try (Socket socket = Sockets.connect(port)) {
				Sockets.write(socket, "back\n");
				assertThat(Sockets.readExactlyText(socket, 5)).isEqualTo("back\n");
			}
			assertThat(runningPort).isPositive();
		}
	}

	@Test
	void storeIsWrittenAtomicallyOnEveryChange() throws Exception {
		try (ConfigurableApplicationContext context = Netlab.start(this.dataDir)) {
			Api api = Netlab.api(context);
			api.createListener("{\"name\": \"stored\"}");
			Path file = this.dataDir.resolve("listeners.json");
			assertThat(Files.readString(file)).contains("\"stored\"").contains("\"running\" : true");
			api.post("/api/listeners/stored/stop");
			assertThat(Files.readString(file)).contains("\"running\" : false");
			assertThat(this.dataDir.resolve("listeners.json.tmp")).doesNotExist();
		}
	}

	@Test
	void corruptStoreStopsStartupNamingTheFileAndLeavesItAlone() throws Exception {
		Path file = this.dataDir.resolve("listeners.json");
		String damaged = "{\"version\": 1, \"listeners\": [ {\"spec\": ";
		Files.writeString(file, damaged, StandardCharsets.UTF_8);
		assertThatThrownBy(() -> Netlab.start(this.dataDir)).hasStackTraceContaining(file.toString());
		assertThat(Files.readString(file)).isEqualTo(damaged);
	}

}
