package io.netlab.bench;

/**
 * One cell of the benchmark. {@code netlabListener} and {@code nettyListener} name the
 * listener (port) used on each server; the ports come from the command line.
 *
 * @param id the scenario number (issue 3 numbered 1-7; issue 12 appended 8-10): ids stay stable,
 * the order of {@link #ALL} is the order they run in
 * @param kind {@link Kind#TCP}/{@link Kind#TLS}/{@link Kind#UDP} ping-pong, {@link Kind#SCALE},
 * {@link Kind#OVERHEAD}, or {@link Kind#SKIPPED} with the reason in {@code note}
 */
record Scenario(int id, Kind kind, String title, Wire wire, int payloadBytes, int connections,
		String netlabListener, String nettyListener, String note) {

	enum Kind {
		TCP, TLS, UDP, SCALE, OVERHEAD, SKIPPED
	}

	static final Scenario[] ALL = {
		new Scenario(1, Kind.TCP, "TCP raw, 1 KiB, 10 connections, io nio", Wire.RAW, 1024, 10, "raw", "raw", ""),
		new Scenario(2, Kind.TCP, "TCP line, 64 B, 100 connections, io nio", Wire.LINE, 64, 100, "line", "line", ""),
		new Scenario(3, Kind.TCP, "TCP length-prefix (4-byte header), 16 KiB, 10 connections, io nio",
				Wire.LENGTH_PREFIX, 16384, 10, "length-prefix", "length-prefix", ""),
		new Scenario(4, Kind.UDP, "UDP echo, 1 KiB, 10 sockets", Wire.RAW, 1024, 10, "udp", "udp", ""),
		new Scenario(5, Kind.TCP, "TCP raw, 1 KiB, 10 connections, io blocking", Wire.RAW, 1024, 10, "blocking", "blocking",
				"The reference is a hand-written thread-per-connection echo on java.net sockets (BlockingEchoServer, in the reference JVM): Netty 4.2 has no blocking transport, and on one CPU a thread per connection pays a thread switch per message that an event loop does not."),
		// the ping-pong scenarios of issue 12 run before the scale test, which leaves thousands of
		// closed connections in TIME_WAIT behind it
		new Scenario(8, Kind.TCP, "TCP raw, 64 KiB, 10 connections, io nio", Wire.RAW, 65536, 10, "raw", "raw",
				"Raw framing echoes each chunk as it is read; the client counts a round trip when the whole 64 KiB is back."),
		new Scenario(9, Kind.TCP, "TCP raw, 128 B, 1,000 connections, io nio", Wire.RAW, 128, 1000, "conns", "conns",
				"Listener limits raised to 2,000 connections (per source too); every connection has had one echo before the window opens."),
		new Scenario(10, Kind.TLS, "TLS raw, 1 KiB, 10 connections, io nio", Wire.RAW, 1024, 10, "tls", "tls",
				"The same PEM key and certificate on both servers (netlab: SSL bundle `bench`; Netty: `SslHandler`, JDK provider); "
						+ "handshakes happen before the window."),
		new Scenario(6, Kind.SCALE, "scale: 10,000 concurrent TCP connections on one listener (raw, 64 B)", Wire.RAW, 64,
				10_000, "scale", "scale", ""),
		// netlab against itself: with a /ws/events subscriber and a Prometheus scrape every second,
		// and without; netlab's meters are always on (they read counters at scrape time)
		new Scenario(7, Kind.OVERHEAD, "overhead of metrics scrapes and a WebSocket event subscriber (as 1)", Wire.RAW,
				1024, 10, "raw", "raw", ""),
	};

	String label() {
		return "Scenario " + this.id + ": " + this.title;
	}

}
