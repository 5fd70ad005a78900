package io.netlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;

/**
 * A real server program run by a test (a Debian package's binary) on a free loopback port: it
 * logs to a file in the test's directory, is ready once a path answers 200, and
 * {@link #close()} ends it.
 */
public final class ServerProcess implements AutoCloseable {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final Path log;

	private final String base;

	private ServerProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * Start {@code binary} with the arguments {@code arguments} gives for a free port, and return
	 * once {@code readyPath} answers 200. Fails the test, never skips it, when the binary is missing.
	 */
	public static ServerProcess start(Path binary, String debianPackage, Path dir, IntFunction<List<String>> arguments,
			String readyPath) {
		String name = binary.getFileName().toString();
		if (!Files.isExecutable(binary)) {
			throw new AssertionError(binary + " is missing: this test runs the real one. Install it with 'apt-get install "
					+ debianPackage + "' (Debian); .ci/run does so in CI.");
		}
		try {
			int port = freePort();
			Path log = dir.resolve(name + ".log");
			List<String> command = new java.util.ArrayList<>(List.of(binary.toString()));
			command.addAll(arguments.apply(port));
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			ServerProcess server = new ServerProcess(process, log, port);
			try {
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.failFast(name + " exited", () -> !process.isAlive())
					.until(() -> server.status(readyPath) == 200);
			}
			catch (RuntimeException | AssertionError ex) {
				server.close();
				throw new AssertionError(name + " did not become ready; its log:\n" + server.log(), ex);
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The body of {@code GET path}. */
	public String get(String path) {
		try {
			return this.client.send(HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** What it logged so far, for failure messages. */
	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private int status(String path) {
		try {
			return this.client.send(HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
