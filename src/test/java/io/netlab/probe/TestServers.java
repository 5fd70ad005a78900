package io.netlab.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Plain Java servers that misbehave on purpose, for probes to meet: each on an ephemeral
 * loopback port, each connection on its own thread, all closed by {@link AutoCloseable#close()}.
 */
final class TestServers {

	private TestServers() {
	}

	/** What a TCP test server does with one accepted connection. */
	interface Handler {

		void handle(Socket socket) throws IOException;

	}

	static Tcp tcp(Handler handler) throws IOException {
		return new Tcp(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
	}

	/** Answers each line with {@code pong <line>}. */
	static Handler pong() {
		return socket -> {
			String line;
			while ((line = readLine(socket.getInputStream())) != null) {
				socket.getOutputStream().write(("pong " + line + "\n").getBytes(StandardCharsets.UTF_8));
			}
		};
	}

	/** Reads, never answers, keeps the connection open. */
	static Handler silent() {
		return socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream());
	}

	/** Reads one line, then resets the connection (SO_LINGER 0, then close). */
	static Handler resetAfterLine() {
		return socket -> {
			readLine(socket.getInputStream());
			socket.setSoLinger(true, 0);
			socket.close();
		};
	}

	/** Reads one line, then closes without a word. */
	static Handler closeAfterLine() {
		return socket -> {
			readLine(socket.getInputStream());
			socket.close();
		};
	}

	/** Answers only once the client has half-closed: how many bytes came before the EOF. */
	static Handler countUntilEof() {
		return socket -> {
			long n = socket.getInputStream().transferTo(OutputStream.nullOutputStream());
			socket.getOutputStream().write(("got " + n + " bytes").getBytes(StandardCharsets.UTF_8));
			socket.close();
		};
	}

	static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			if (b == '\n') {
				return line.toString(StandardCharsets.UTF_8);
			}
			line.write(b);
		}
		return null;
	}

	/**
	 * A server context with a self-signed certificate for {@code CN=netlab-test}, made with the
	 * JDK's keytool in {@code dir}.
	 */
	static SSLContext selfSignedContext(Path dir) throws Exception {
		Path keystore = dir.resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=netlab-test", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keystore.toString(), "-storepass", "secret", "-keypass", "secret")
			.redirectErrorStream(true)
			.start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
			throw new IllegalStateException("keytool failed: " + output);
		}
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, "secret".toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, "secret".toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		return context;
	}

	static Tcp tls(SSLContext context, Handler handler) throws IOException {
		return new Tcp(context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()),
				handler);
	}

	/** A TCP server: an accept thread and a thread per connection. */
	static final class Tcp implements AutoCloseable {

		private final ServerSocket server;

		private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

		private final Thread acceptor;

		Tcp(ServerSocket server, Handler handler) {
			this.server = server;
			this.acceptor = new Thread(() -> {
				while (!server.isClosed()) {
					try {
						Socket socket = server.accept();
						this.sockets.add(socket);
						Thread connection = new Thread(() -> {
							try (socket) {
								handler.handle(socket);
							}
							catch (IOException ex) {
								// the probe went away, or the handler broke the connection on purpose
							}
						}, "test-server-connection");
						connection.setDaemon(true);
						connection.start();
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "test-server-accept");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		@Override
		public void close() throws Exception {
			this.server.close();
			for (Socket socket : List.copyOf(this.sockets)) {
				socket.close();
			}
			this.acceptor.join(TimeUnit.SECONDS.toMillis(5));
		}

	}

	/** A UDP echo server that drops every other datagram: the first, the third, ... */
	static final class LossyUdp implements AutoCloseable {

		private final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());

		private final AtomicLong received = new AtomicLong();

		private final Thread thread;

		LossyUdp() throws IOException {
			this.thread = new Thread(() -> {
				byte[] buffer = new byte[65536];
				while (!this.socket.isClosed()) {
					try {
						DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
						this.socket.receive(packet);
						if (this.received.incrementAndGet() % 2 == 0) {
							this.socket.send(new DatagramPacket(packet.getData(), packet.getLength(),
									packet.getSocketAddress()));
						}
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "test-lossy-udp");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		long received() {
			return this.received.get();
		}

		@Override
		public void close() throws InterruptedException {
			this.socket.close();
			this.thread.join(TimeUnit.SECONDS.toMillis(5));
		}

	}

}
