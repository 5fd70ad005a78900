package io.netlab.hardening;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

/**
 * A client that sends a stream of tiny frames as fast as the server takes them and never reads
 * a reply: the peer that makes a server queue its answers. Its writes block once the server
 * stops reading (then it is stalled) and fail once the server closes the connection.
 */
final class Flooder implements AutoCloseable {

	/** Lines of one byte: the most replies, and the most per-reply overhead, per byte sent. */
	private static final byte[] CHUNK = tinyLines(8192);

	private final Socket plain;

	private final Thread writer;

	private volatile long written;

	private volatile long lastProgress = System.nanoTime();

	private volatile boolean failed;

	private Flooder(Socket plain, Socket socket) {
		this.plain = plain;
		this.writer = new Thread(() -> flood(socket), "flooder-" + plain.getLocalPort());
		this.writer.setDaemon(true);
	}

	/**
	 * Connect this many clients (TLS ones finish their handshakes first, while the server is
	 * still idle), then let them all send.
	 */
	static List<Flooder> startAll(int port, boolean tls, int count) {
		List<Flooder> flooders = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				flooders.add(connect(port, tls));
			}
		}
		catch (RuntimeException ex) {
			flooders.forEach(Flooder::close);
			throw ex;
		}
		flooders.forEach(flooder -> flooder.writer.start());
		return flooders;
	}

	private static Flooder connect(int port, boolean tls) {
		Socket plain = Clients.plain(port, 5000);
		try {
			// a small receive buffer: the server's replies stay queued on the server's side
			plain.setReceiveBufferSize(4096);
			Socket socket = plain;
			if (tls) {
				SSLSocket ssl = Clients.tls(plain);
				ssl.startHandshake();
				socket = ssl;
			}
			return new Flooder(plain, socket);
		}
		catch (IOException ex) {
			Clients.reset(plain);
			throw new UncheckedIOException(ex);
		}
	}

	private void flood(Socket socket) {
		try {
			OutputStream out = socket.getOutputStream();
			while (!Thread.currentThread().isInterrupted()) {
				out.write(CHUNK);
				this.written += CHUNK.length;
				this.lastProgress = System.nanoTime();
			}
		}
		catch (IOException ex) {
			this.failed = true;
		}
	}

	/** True once its writes have been blocked for {@code millis}: the server no longer reads it. */
	boolean stalledFor(long millis) {
		return this.written > 0 && !this.failed
				&& System.nanoTime() - this.lastProgress > TimeUnit.MILLISECONDS.toNanos(millis);
	}

	/** True once a write failed: the server closed (or reset) the connection. */
	boolean closedByServer() {
		return this.failed;
	}

	long written() {
		return this.written;
	}

	/** Reset the connection; the blocked writer fails and ends. */
	@Override
	public void close() {
		this.writer.interrupt();
		Clients.reset(this.plain);
		try {
			this.writer.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "Flooder[local port " + this.plain.getLocalPort() + ", " + this.written + " bytes sent, "
				+ (this.failed ? "closed by the server" : "open") + "]";
	}

	private static byte[] tinyLines(int length) {
		byte[] lines = new byte[length];
		Arrays.fill(lines, (byte) 'x');
		for (int i = 1; i < length; i += 2) {
			lines[i] = '\n';
		}
		return lines;
	}

}
