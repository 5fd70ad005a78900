package io.netlab.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real blackbox_exporter (Debian's {@code prometheus-blackbox-exporter}) run by a test,
 * with a {@code tcp_connect} module, on a free loopback port; {@link #close()} ends it.
 */
public final class BlackboxExporter implements AutoCloseable {

	public static final Path BINARY = Path.of("/usr/bin/prometheus-blackbox-exporter");

	private final ServerProcess process;

	private BlackboxExporter(ServerProcess process) {
		this.process = process;
	}

	/** Start it and return once it answers; fails the test, never skips it, when the binary is missing. */
	public static BlackboxExporter start(Path dir) {
		try {
			Path config = Files.writeString(dir.resolve("blackbox.yml"), """
					modules:
					  tcp_connect:
					    prober: tcp
					    timeout: 2s
					""");
			return new BlackboxExporter(ServerProcess.start(BINARY, "prometheus-blackbox-exporter", dir,
					port -> List.of("--config.file=" + config, "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"),
					"/-/healthy"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The body of {@code GET /probe?module=&target=}. */
	public String probe(String module, String target) {
		return this.process.get("/probe?module=" + module + "&target=" + target);
	}

	@Override
	public void close() {
		this.process.close();
	}

}
