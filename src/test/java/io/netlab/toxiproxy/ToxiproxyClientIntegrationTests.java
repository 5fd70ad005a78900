package io.netlab.toxiproxy;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * netlab driven by the real toxiproxy-java client (the one Testcontainers' Toxiproxy module
 * uses), unchanged, on netlab's HTTP port; each toxic's effect measured on a real socket
 * through the proxy to a netlab echo listener.
 */
class ToxiproxyClientIntegrationTests extends IntegrationTest {

	private ToxiproxyClient toxiproxy;

	private Proxy proxy;

	private int port;

	@BeforeEach
	void createProxy() throws IOException {
		int upstream = this.api.createListener("{\"name\": \"toxi-up\"}");
		this.toxiproxy = new ToxiproxyClient("127.0.0.1", this.httpPort);
		this.proxy = this.toxiproxy.createProxy("toxi", "127.0.0.1:0", "127.0.0.1:" + upstream);
		this.port = Integer.parseInt(this.proxy.getListen().substring(this.proxy.getListen().lastIndexOf(':') + 1));
	}

	@AfterEach
	void resetToxiproxy() throws IOException {
		// a client of its own: this one's reset would also re-read every proxy it created, deleted ones too
		new ToxiproxyClient("127.0.0.1", this.httpPort).reset();
	}

	private Duration timeEcho(Socket socket, byte[] payload) {
		long start = System.nanoTime();
		Sockets.write(socket, payload);
		assertThat(Sockets.readExactly(socket, payload.length)).isEqualTo(payload);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@Test
	void versionAndProxiesAreListed() throws IOException {
		assertThat(this.toxiproxy.version()).startsWith("2.");
		assertThat(this.toxiproxy.getProxies()).extracting(Proxy::getName).contains("toxi");
		assertThat(this.toxiproxy.getProxy("toxi").isEnabled()).isTrue();
		assertThatThrownBy(() -> this.toxiproxy.createProxy("toxi", "127.0.0.1:0", "127.0.0.1:1"))
			.isInstanceOf(IOException.class)
			.hasMessageContaining("409");
		assertThatThrownBy(() -> this.toxiproxy.getProxy("nope")).isInstanceOf(IOException.class)
			.hasMessageContaining("404");
	}

	@Test
	void latencyDelaysTheEcho() throws IOException {
		this.proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
		try (Socket socket = Sockets.connect(this.port)) {
			assertThat(timeEcho(socket, "ping".getBytes())).isGreaterThanOrEqualTo(Duration.ofMillis(290));
			this.proxy.toxics().get("slow").remove();
			assertThat(timeEcho(socket, "pong".getBytes())).isLessThan(Duration.ofMillis(250));
		}
	}

	@Test
	void bandwidthLimitsTheRate() throws IOException {
		this.proxy.toxics().bandwidth("narrow", ToxicDirection.DOWNSTREAM, 10);
		try (Socket socket = Sockets.connect(this.port)) {
			assertThat(timeEcho(socket, Sockets.bytes(15_000, 1))).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
		}
	}

	@Test
	void limitDataCutsTheStream() throws IOException {
		this.proxy.toxics().limitData("cut", ToxicDirection.DOWNSTREAM, 5);
		try (Socket socket = Sockets.connect(this.port)) {
			Sockets.write(socket, "0123456789");
			assertThat(new String(Sockets.readToEof(socket))).isEqualTo("01234");
		}
	}

	@Test
	void resetPeerResetsTheConnection() throws IOException {
		this.proxy.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 50);
		try (Socket socket = Sockets.connect(this.port)) {
			Sockets.write(socket, "doomed");
			assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketException.class);
		}
	}

	@Test
	void timeoutClosesAfterItsTime() throws IOException {
		this.proxy.toxics().timeout("hang", ToxicDirection.DOWNSTREAM, 300);
		try (Socket socket = Sockets.connect(this.port)) {
			long start = System.nanoTime();
			Sockets.write(socket, "anyone?");
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		}
	}

	@Test
	void disableClosesConnectionsAndRefusesNewOnesEnableBringsItBack() throws IOException {
		try (Socket socket = Sockets.connect(this.port)) {
			timeEcho(socket, "up".getBytes());
			this.proxy.disable();
			assertThat(Sockets.closedByPeer(socket)).isTrue();
		}
		assertThat(this.toxiproxy.getProxy("toxi").isEnabled()).isFalse();
		assertThatThrownBy(() -> new Socket("127.0.0.1", this.port).close()).isInstanceOf(IOException.class);
		this.proxy.enable();
		try (Socket socket = Sockets.connect(this.port)) {
			timeEcho(socket, "back".getBytes());
		}
	}

	@Test
	void resetRemovesEveryToxicAndEnablesEveryProxy() throws IOException {
		this.proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
		this.proxy.disable();
		this.toxiproxy.reset();
		Proxy after = this.toxiproxy.getProxy("toxi");
		assertThat(after.isEnabled()).isTrue();
		assertThat(after.toxics().getAll()).isEmpty();
	}

	@Test
	void deleteRemovesTheProxy() throws IOException {
		this.proxy.delete();
		assertThat(this.toxiproxy.getProxyOrNull("toxi")).isNull();
		assertThat(this.api.get("/api/listeners/toxi").status()).isEqualTo(404);
	}

}
