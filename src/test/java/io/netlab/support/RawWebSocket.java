package io.netlab.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
		try {
			Socket socket = new Socket();
			socket.setReceiveBufferSize(receiveBufferSize);
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
				int opcode = first & 0x0f;
				if (opcode == 0x8) {
					return null;
				}
				if (opcode == 0x1) {
					return new String(payload, StandardCharsets.UTF_8);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
