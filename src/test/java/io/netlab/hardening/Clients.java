package io.netlab.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.netlab.support.Sockets;

/**
 * Clients of a listener as a user's program would open them, plain or TLS, and the frames each
 * framing puts on the wire. TLS clients trust any certificate: these tests are about what a
 * hostile peer can do to the server, not about certificate checks.
 */
final class Clients {

	private static final SSLContext TRUST_ALL = trustAll();

	private Clients() {
	}

	/** A connected plain socket with the given read timeout. */
	static Socket plain(int port, int readTimeoutMs) {
		try {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(readTimeoutMs);
			socket.setTcpNoDelay(true);
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A TLS client over an already connected plain socket, limited to these protocols; the
	 * handshake starts with the first read or write (or an explicit {@code startHandshake}).
	 */
	static SSLSocket tls(Socket plain, String... protocols) {
		try {
			SSLSocket socket = (SSLSocket) TRUST_ALL.getSocketFactory()
				.createSocket(plain, "localhost", plain.getPort(), true);
			if (protocols.length > 0) {
				socket.setEnabledProtocols(protocols);
			}
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The client a listener of this kind expects: TLS over the plain socket, or the plain socket. */
	static Socket open(int port, boolean tls, int readTimeoutMs) {
		Socket plain = plain(port, readTimeoutMs);
		return tls ? tls(plain) : plain;
	}

	/** The payload as one frame of this framing ({@code raw}, {@code line}, ... as the spec spells it). */
	static byte[] frame(String framing, int lengthHeaderBytes, byte[] payload) {
		return switch (framing) {
			case "line" -> Sockets.concat(payload, new byte[] { '\n' });
			case "crlf" -> Sockets.concat(payload, new byte[] { '\r', '\n' });
			case "stx-etx" -> Sockets.concat(new byte[] { 2 }, payload, new byte[] { 3 });
			case "length-prefix" -> Sockets.concat(lengthHeader(lengthHeaderBytes, payload.length), payload);
			default -> payload;
		};
	}

	static byte[] line(String text) {
		return (text + "\n").getBytes(StandardCharsets.UTF_8);
	}

	/** A big-endian length header of this many bytes announcing {@code length}. */
	static byte[] lengthHeader(int headerBytes, long length) {
		byte[] header = new byte[headerBytes];
		for (int i = headerBytes - 1; i >= 0; i--, length >>>= 8) {
			header[i] = (byte) length;
		}
		return header;
	}

	/** Close with SO_LINGER 0: the peer gets a reset, not an orderly end of stream. */
	static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
			socket.close();
		}
		catch (IOException ex) {
			// already gone: as good as a reset
		}
	}

	private static SSLContext trustAll() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { new X509TrustManager() {

				@Override
				public void checkClientTrusted(X509Certificate[] chain, String authType) {
				}

				@Override
				public void checkServerTrusted(X509Certificate[] chain, String authType) {
				}

				@Override
				public X509Certificate[] getAcceptedIssuers() {
					return new X509Certificate[0];
				}

			} }, new SecureRandom());
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
