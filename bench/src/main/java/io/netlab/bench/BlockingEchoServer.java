package io.netlab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The reference for netlab's {@code blocking} io mode (scenario 5): a hand-written
 * thread-per-connection raw echo server on {@code java.net} sockets, as one would write it
 * without a framework. Netty 4.2 has no blocking transport, and an event loop is not a fair
 * yardstick for a thread per connection: on one CPU every message of a blocking server costs
 * a thread switch that an event loop does not pay. TCP_NODELAY on, an 8 KiB buffer per
 * connection (netlab's blocking mode reads 8 KiB at a time), no timeouts.
 */
final class BlockingEchoServer {

	private BlockingEchoServer() {
	}

	/** Bind on 127.0.0.1, port 0, accept on a daemon thread; returns the port. */
	static int start(int backlog) throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
		Thread acceptor = new Thread(() -> accept(server), "blocking-echo-accept");
		acceptor.setDaemon(true);
		acceptor.start();
		return server.getLocalPort();
	}

	private static void accept(ServerSocket server) {
		while (true) {
			try {
				Socket socket = server.accept();
				socket.setTcpNoDelay(true);
				Thread reader = new Thread(() -> echo(socket), "blocking-echo");
				reader.setDaemon(true);
				reader.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static void echo(Socket socket) {
		byte[] buffer = new byte[8192];
		try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
			int n;
			while ((n = in.read(buffer)) > 0) {
				out.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

}
