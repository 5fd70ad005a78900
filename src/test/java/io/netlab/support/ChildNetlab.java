package io.netlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netlab.NetlabApplication;

import static org.awaitility.Awaitility.await;

/**
 * A netlab in a JVM of its own, started with this test JVM's {@code java} and class path, for
 * tests that kill a netlab the way an operating system would. Its output goes to a log file
 * in its directory; {@link #start()} returns once its readiness group answers 200.
 */
public final class ChildNetlab implements AutoCloseable {

	private final String address;

	private final int httpPort;

	private final Path dir;

	private final List<String> arguments;

	private Process process;

	/**
	 * A netlab (not started) serving HTTP on {@code address:httpPort}, keeping its data in
	 * {@code dir}, with more {@code arguments} ({@code --key=value}).
	 */
	public ChildNetlab(String address, int httpPort, Path dir, List<String> arguments) {
		this.address = address;
		this.httpPort = httpPort;
		this.dir = dir;
		this.arguments = List.copyOf(arguments);
	}

	public ChildNetlab start() {
		try {
			Files.createDirectories(this.dir);
			String java = ProcessHandle.current().info().command().orElse("java");
			List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
					"-Dspring.config.location=classpath:/,classpath:/config/", "-cp", System.getProperty("java.class.path"),
					NetlabApplication.class.getName(), "--server.address=" + this.address,
					"--server.port=" + this.httpPort, "--netlab.data-dir=" + this.dir.resolve("data"),
					"--spring.jmx.enabled=false"));
			command.addAll(this.arguments);
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("netlab.log").toFile()))
				.start();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Wait until it is ready; fails with its log when it exits or takes longer than {@code limit}. */
	public ChildNetlab awaitReady(Duration limit) {
		Api api = api();
		try {
			await().atMost(limit)
				.pollInterval(Duration.ofMillis(250))
				.failFast(this.address + " exited", () -> !this.process.isAlive())
				.ignoreExceptions()
				.until(() -> api.get("/actuator/health/readiness").status() == 200);
		}
		catch (RuntimeException | AssertionError ex) {
			throw new AssertionError("netlab on " + this.address + " did not become ready; its log:\n" + log(), ex);
		}
		return this;
	}

	public Api api() {
		return new Api(this.address, this.httpPort, null);
	}

	/** End it at once (SIGKILL), as a crash or an evicted pod would. */
	public void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	public String log() {
		try {
			return Files.readString(this.dir.resolve("netlab.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		kill();
	}

}
