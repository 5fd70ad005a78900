package io.netlab.listener;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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

/**
 * What the API says, what runs and what is on disk never disagree: when the data directory
 * cannot be written, a change is refused with 503 and nothing changes; at boot, a stored entry
 * that no longer works is listed as FAILED with its reason, kept on disk, and every other
 * listener starts.
 */
class StoreFirstIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void whenTheStoreCannotBeWrittenChangesAre503AndNothingChanges() throws Exception {
		try (ConfigurableApplicationContext context = Netlab.start(this.dataDir)) {
			Api api = Netlab.api(context);
			int keptPort = api.createListener("{\"name\": \"kept\", \"framing\": \"line\"}");
			Path file = this.dataDir.resolve("listeners.json");
			String stored = Files.readString(file);
			// a directory where the store writes its temporary file: every write fails, even as root
			Files.createDirectory(this.dataDir.resolve("listeners.json.tmp"));
			int freePort = freePort();

			Api.Response create = api.post("/api/listeners",
					"{\"name\": \"lost\", \"port\": " + freePort + "}");
			assertThat(create.status()).isEqualTo(503);
			assertThat(create.contentType()).startsWith("application/problem+json");
			assertThat(create.body()).contains("listeners.json");
			assertThat(api.get("/api/listeners/lost").status()).isEqualTo(404);
			try (ServerSocket probe = new ServerSocket(freePort, 1, InetAddress.getLoopbackAddress())) {
				assertThat(probe.getLocalPort()).as("the refused listener's port is free").isEqualTo(freePort);
			}

			assertThat(api.delete("/api/listeners/kept").status()).isEqualTo(503);
			assertThat(api.post("/api/listeners/kept/stop").status()).isEqualTo(503);
			assertThat(api.put("/api/listeners/kept", "{\"port\": " + freePort + "}").status()).isEqualTo(503);

			JsonNode kept = api.get("/api/listeners/kept").json();
			assertThat(kept.get("state").asText()).isEqualTo("RUNNING");
			assertThat(kept.get("boundPort").asInt()).isEqualTo(keptPort);
			try (Socket socket = Sockets.connect(keptPort)) {
				Sockets.write(socket, "still here\n");
				assertThat(Sockets.readExactlyText(socket, 11)).isEqualTo("still here\n");
			}
			assertThat(Files.readString(file)).isEqualTo(stored);
			// configured listeners are not stored: stopping one does not need the disk
			assertThat(api.post("/api/listeners/cfg-echo/stop").status()).isEqualTo(200);

			Files.delete(this.dataDir.resolve("listeners.json.tmp"));
			assertThat(api.delete("/api/listeners/kept").status()).isEqualTo(204);
			assertThat(Files.readString(file)).doesNotContain("\"kept\"");
		}
	}

	@Test
	void storedEntriesThatNoLongerWorkAreListedAsFailedAndTheOthersStart() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			String stored = """
					{"version": 1, "listeners": [
					  {"spec": {"name": "good", "protocol": "tcp", "port": 0, "framing": "line"}, "running": true},
					  {"spec": {"name": "bad-port", "protocol": "tcp", "port": 70000}, "running": true},
					  {"spec": {"name": "bad-framing", "protocol": "tcp", "port": 0, "framing": "smoke-signals"}, "running": true},
					  {"spec": {"name": "taken", "protocol": "tcp", "port": %d}, "running": true}
					]}""".formatted(taken.getLocalPort());
			Path file = this.dataDir.resolve("listeners.json");
			Files.writeString(file, stored);

			try (ConfigurableApplicationContext context = Netlab.start(this.dataDir)) {
				Api api = Netlab.api(context);
				JsonNode good = api.get("/api/listeners/good").json();
				assertThat(good.get("state").asText()).isEqualTo("RUNNING");
				try (Socket socket = Sockets.connect(good.get("boundPort").asInt())) {
					Sockets.write(socket, "up\n");
					assertThat(Sockets.readExactlyText(socket, 3)).isEqualTo("up\n");
				}
				assertFailed(api, "bad-port", "port");
				assertFailed(api, "bad-framing", "smoke-signals");
				assertFailed(api, "taken", String.valueOf(taken.getLocalPort()));
				assertThat(api.get("/api/listeners/cfg-echo").json().get("state").asText()).isEqualTo("RUNNING");
				// a broken entry cannot be started as it is, and stays on disk until replaced or deleted
				assertThat(api.post("/api/listeners/bad-framing/start").status()).isEqualTo(409);
				api.createListener("{\"name\": \"newer\"}");
				assertThat(Files.readString(file)).contains("smoke-signals", "70000", "\"newer\"");

				assertThat(api.put("/api/listeners/bad-port", "{\"port\": 0}").status()).isEqualTo(200);
				assertThat(api.get("/api/listeners/bad-port").json().get("state").asText()).isEqualTo("RUNNING");
				assertThat(api.delete("/api/listeners/bad-framing").status()).isEqualTo(204);
				assertThat(Files.readString(file)).doesNotContain("smoke-signals", "70000");
			}
		}
	}

	private static void assertFailed(Api api, String name, String reason) {
		Api.Response response = api.get("/api/listeners/" + name);
		assertThat(response.status()).as(name).isEqualTo(200);
		JsonNode listener = response.json();
		assertThat(listener.get("state").asText()).as(name).isEqualTo("FAILED");
		assertThat(listener.get("error").asText()).as(name).contains(reason);
		assertThat(listener.has("boundPort")).as(name).isFalse();
		assertThat(api.get("/api/listeners").body()).contains("\"" + name + "\"");
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
