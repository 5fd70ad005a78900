package io.netlab.hardening;

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
import java.util.stream.Stream;

import io.netlab.support.Api;

import static org.awaitility.Awaitility.await;

/**
 * A netlab of a test's own in a child JVM, run under {@code prlimit --nofile=N:N} so that it can
 * be driven out of file descriptors without touching the JVM that runs the tests. Its HTTP client
 * keeps one HTTP/1.1 connection open: with every descriptor taken, the child cannot accept a new
 * HTTP connection, yet the test can still ask its health over the old one.
 */
final class ChildNetlab implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final String base;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private ChildNetlab(Process process, Path log, int httpPort) {
		this.process = process;
		this.log = log;
		this.base = "http://127.0.0.1:" + httpPort;
	}

	private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

	/**
	 * Start it with this file-descriptor limit and wait until its health is UP. Fails the test,
	 * never skips it, when {@code prlimit} is missing.
	 */
	static ChildNetlab start(Path dir, int maxOpenFiles) {
		if (!Files.isExecutable(PRLIMIT)) {
			throw new AssertionError(PRLIMIT + " is missing: this test runs netlab under a file-descriptor limit. "
					+ "It comes with util-linux, which every Debian system has.");
		}
		try {
			int httpPort = freePort();
			String java = ProcessHandle.current().info().command().orElse("java");
			Path log = dir.resolve("netlab.log");
			List<String> command = List.of(PRLIMIT.toString(), "--nofile=" + maxOpenFiles + ":" + maxOpenFiles, java,
					"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
					"-cp", System.getProperty("java.class.path"), "io.netlab.NetlabApplication",
					"--server.port=" + httpPort, "--netlab.data-dir=" + dir.resolve("data"),
					"--spring.config.location=classpath:/,classpath:/config/", "--spring.jmx.enabled=false",
					// the test's one HTTP connection must outlive the exhaustion
					"--server.tomcat.keep-alive-timeout=120s", "--server.tomcat.max-keep-alive-requests=-1");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			ChildNetlab child = new ChildNetlab(process, log, httpPort);
			try {
				await().atMost(Duration.ofSeconds(90))
					.pollInterval(Duration.ofMillis(250))
					.failFast("the child netlab exited; see " + log, () -> !process.isAlive())
					.until(() -> child.statusOf("/actuator/health") == 200);
			}
			catch (RuntimeException | Error ex) {
				child.close();
				throw ex;
			}
			return child;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Its open file descriptors, counted in /proc as any process watcher would. */
	int openFileDescriptors() {
		try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(this.process.pid()), "fd"))) {
			return (int) fds.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Api.Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	Api.Response post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** The HTTP status, or -1 when there is no answer. */
	int statusOf(String path) {
		try {
			return get(path).status();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	Path log() {
		return this.log;
	}

	private Api.Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Api.Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					null, response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Kill it: nothing of it outlives the test (prlimit ran java in its own process). */
	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
