package io.netlab.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a plain socket, for the cases a real client library hides: it can stop
 * reading altogether (a stalled client, with a tiny receive buffer so that the server notices
 * soon) and later read on. Only what a test of the server needs: the opening handshake, and
 * unmasked frames from the server.
 */
public final class RawWebSocket implements AutoCloseable {

	private final Socket socket;

	private final DataInputStream in;

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
	}

	/** Open the socket with this receive buffer, do the handshake for the path, and read nothing more. */
	public static RawWebSocket open(int httpPort, String path, int receiveBufferSize) {
		return open(httpPort, path, receiveBufferSize, null);
	}

	/**
	 * The same from a given local address, such as 127.0.0.2: another source on this machine, as
	 * netlab's per-source limits see it.
	 */
	public static RawWebSocket open(int httpPort, String path, int receiveBufferSize, InetAddress source) {
		try {
			Socket socket = new Socket();
			socket.setReceiveBufferSize(receiveBufferSize);
			if (source != null) {
				socket.bind(new InetSocketAddress(source, 0));
			}
			socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 5000);
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + httpPort
						+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
						+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			RawWebSocket webSocket = new RawWebSocket(socket);
			String status = webSocket.readHeaders();
			if (!status.startsWith("HTTP/1.1 101")) {
				socket.close();
				throw new IllegalStateException("handshake refused: " + status);
			}
			return webSocket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The next text frame's payload; null once the server sent a close frame. */
	public String nextText() {
		try {
			while (true) {
				Frame frame = nextFrame();
				if (frame.opcode() == 0x8) {
					return null;
				}
				if (frame.opcode() == 0x1) {
					return new String(frame.payload(), StandardCharsets.UTF_8);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read on until the server's close frame and return its status code (-1 if the connection
	 * ended without one); text, ping and other frames before it are skipped.
	 */
	public int closeCode() {
		try {
			while (true) {
				Frame frame = nextFrame();
				if (frame.opcode() == 0x8) {
					byte[] payload = frame.payload();
					return (payload.length >= 2) ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
				}
			}
		}
		catch (EOFException | SocketException ex) {
			return -1;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Frame nextFrame() throws IOException {
		int first = this.in.readUnsignedByte();
		int second = this.in.readUnsignedByte();
		long length = second & 0x7f;
		if (length == 126) {
			length = this.in.readUnsignedShort();
		}
		else if (length == 127) {
			length = this.in.readLong();
		}
		byte[] payload = new byte[(int) length];
		this.in.readFully(payload);
		return new Frame(first & 0x0f, payload);
	}

	private record Frame(int opcode, byte[] payload) {
	}

	private String readHeaders() throws IOException {
		StringBuilder headers = new StringBuilder();
		// byte by byte, so that no frame after the headers is read into a buffer
		while (!headers.toString().endsWith("\r\n\r\n")) {
			int b = this.socket.getInputStream().read();
			if (b < 0) {
				break;
			}
			headers.append((char) b);
		}
		return headers.toString();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
