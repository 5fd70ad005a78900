package io.netlab.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Plain blocking socket clients with bounded timeouts, as a user's program would be.
 */
public final class Sockets {

	private Sockets() {
	}

	public static Socket connect(String host, int port) {
		try {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress(host, port), 5000);
			socket.setSoTimeout(5000);
			socket.setTcpNoDelay(true);
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Socket connect(int port) {
		return connect("127.0.0.1", port);
	}

	public static void write(Socket socket, byte[] bytes) {
		try {
			socket.getOutputStream().write(bytes);
			socket.getOutputStream().flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static void write(Socket socket, String text) {
		write(socket, text.getBytes(StandardCharsets.UTF_8));
	}

	/** Read exactly n bytes, or fail when the peer closes or the socket times out. */
	public static byte[] readExactly(Socket socket, int n) {
		try {
			byte[] bytes = socket.getInputStream().readNBytes(n);
			if (bytes.length < n) {
				throw new AssertionError("connection closed after " + bytes.length + " of " + n + " bytes: "
						+ new String(bytes, StandardCharsets.UTF_8));
			}
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static String readExactlyText(Socket socket, int n) {
		return new String(readExactly(socket, n), StandardCharsets.UTF_8);
	}

	/** Read until the peer closes its side; fails on a timeout. */
	public static byte[] readToEof(Socket socket) {
		try {
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** True when the peer closed the connection (EOF or reset) before the timeout. */
	public static boolean closedByPeer(Socket socket) {
		try {
			return socket.getInputStream().read() < 0;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	public static byte[] bytes(int n, int seed) {
		byte[] bytes = new byte[n];
		for (int i = 0; i < n; i++) {
			bytes[i] = (byte) ('a' + (i * 7 + seed) % 26);
		}
		return bytes;
	}

	public static byte[] concat(byte[]... parts) {
		int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

}
