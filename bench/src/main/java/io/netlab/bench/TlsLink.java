package io.netlab.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client side of one TLS connection of the load client: a JDK {@link SSLEngine} over a
 * non-blocking socket, still one thread for all connections. The handshake runs before the
 * measured window, on a selector of its own and bounded in time; after it, a request is
 * wrapped whole into records and an echo unwrapped as its records arrive.
 *
 * <p>Buffers: {@code netIn} and {@code appIn} collect (write mode), {@code netOut} holds
 * records not yet written (write mode too; flipped only to write).
 */
final class TlsLink implements Link {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	/**
	 * What the client offers: one protocol and one cipher suite (blank = the JDK's defaults), so
	 * that netlab and Netty negotiate the same; the certificate is not checked (a load client).
	 */
	record Client(SSLContext context, String protocol, String cipher) {

		static Client trustAll(String protocol, String cipher) {
			try {
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(null, new TrustManager[] { new TrustAll() }, null);
				return new Client(context, protocol, cipher);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("no TLS client context: " + ex.getMessage(), ex);
			}
		}

		SSLEngine newEngine(String host, int port) {
			SSLEngine engine = this.context.createSSLEngine(host, port);
			engine.setUseClientMode(true);
			SSLParameters parameters = engine.getSSLParameters();
			if (!this.protocol.isBlank()) {
				parameters.setProtocols(new String[] { this.protocol });
			}
			if (!this.cipher.isBlank()) {
				parameters.setCipherSuites(new String[] { this.cipher });
			}
			engine.setSSLParameters(parameters);
			return engine;
		}

	}

	private final SocketChannel channel;

	private final SSLEngine engine;

	private final ByteBuffer netIn;

	private final ByteBuffer netOut;

	private final ByteBuffer appIn;

	private boolean closedByPeer;

	/** {@code maxMessage}: the largest request or echo in flight at once, to size the buffers. */
	TlsLink(SocketChannel channel, SSLEngine engine, int maxMessage) {
		this.channel = channel;
		this.engine = engine;
		int packet = engine.getSession().getPacketBufferSize();
		int records = maxMessage / 16384 + 2;
		this.netIn = ByteBuffer.allocate(2 * packet);
		this.netOut = ByteBuffer.allocate(records * packet);
		this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() + maxMessage);
	}

	/** The negotiated protocol and cipher suite, e.g. {@code TLSv1.3 TLS_AES_256_GCM_SHA384}. */
	String negotiated() {
		return this.engine.getSession().getProtocol() + " " + this.engine.getSession().getCipherSuite();
	}

	/** Hand-shake over the (connected, non-blocking) socket; fails if not done by the deadline. */
	void handshake(long deadlineNanos) throws IOException {
		try (Selector selector = Selector.open()) {
			this.channel.register(selector, SelectionKey.OP_READ);
			this.engine.beginHandshake();
			HandshakeStatus status = this.engine.getHandshakeStatus();
			while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
				if (System.nanoTime() > deadlineNanos) {
					throw new SSLException("TLS handshake not done in time (" + status + ")");
				}
				switch (status) {
					case NEED_TASK -> {
						runTasks();
						status = this.engine.getHandshakeStatus();
					}
					case NEED_WRAP -> {
						status = wrap(EMPTY).getHandshakeStatus();
						while (!flush()) {
							selector.select(10); // the socket buffer is full: rare with handshake-sized writes
						}
					}
					default -> { // NEED_UNWRAP
						this.netIn.flip();
						SSLEngineResult result = this.engine.unwrap(this.netIn, this.appIn);
						this.netIn.compact();
						status = result.getHandshakeStatus();
						if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
							throw new SSLException("TLS closed by the server during the handshake");
						}
						if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
							selector.select(100);
							selector.selectedKeys().clear();
							if (this.channel.read(this.netIn) < 0) {
								throw new EOFException("server closed during the TLS handshake");
							}
						}
					}
				}
			}
		}
	}

	@Override
	public boolean write(ByteBuffer src) throws IOException {
		while (true) {
			while (src.hasRemaining()) {
				SSLEngineResult result = wrap(src);
				if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
					break; // netOut is full: write it out first
				}
			}
			if (!flush()) {
				return false;
			}
			if (!src.hasRemaining()) {
				return true;
			}
		}
	}

	@Override
	public int read(ByteBuffer dst) throws IOException {
		boolean eof = this.channel.read(this.netIn) < 0;
		this.netIn.flip();
		try {
			while (this.netIn.hasRemaining() && !this.closedByPeer) {
				SSLEngineResult result = this.engine.unwrap(this.netIn, this.appIn);
				switch (result.getStatus()) {
					case CLOSED -> this.closedByPeer = true;
					case BUFFER_UNDERFLOW, BUFFER_OVERFLOW -> {
						// a record not complete yet, or more plaintext than one echo: wait / hand out first
						return handOut(dst, eof);
					}
					default -> {
						afterHandshakeMessage(result);
						if (result.bytesConsumed() == 0) {
							return handOut(dst, eof);
						}
					}
				}
			}
		}
		finally {
			this.netIn.compact();
		}
		return handOut(dst, eof);
	}

	@Override
	public void close() {
		try {
			this.engine.closeOutbound();
			wrap(EMPTY);
			flush();
		}
		catch (IOException | RuntimeException ex) {
			// the close_notify is a courtesy
		}
		Link.closeQuietly(this.channel);
	}

	/** TLS 1.3 sends session tickets (and maybe key updates) after the handshake; answer what needs it. */
	private void afterHandshakeMessage(SSLEngineResult result) throws IOException {
		if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
			runTasks();
		}
		if (this.engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
			wrap(EMPTY);
			flush();
		}
	}

	private int handOut(ByteBuffer dst, boolean eof) {
		this.appIn.flip();
		int n = Math.min(this.appIn.remaining(), dst.remaining());
		if (n > 0) {
			ByteBuffer slice = this.appIn.slice();
			slice.limit(n);
			dst.put(slice);
			this.appIn.position(this.appIn.position() + n);
		}
		this.appIn.compact();
		return (n == 0 && (eof || this.closedByPeer)) ? -1 : n;
	}

	private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
		SSLEngineResult result = this.engine.wrap(src, this.netOut);
		if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && this.netOut.position() == 0) {
			throw new SSLException("TLS record larger than the output buffer");
		}
		if (result.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
			throw new SSLException("TLS engine closed");
		}
		if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
			runTasks();
		}
		return result;
	}

	/** Write the records waiting in netOut; true when all are out. */
	private boolean flush() throws IOException {
		this.netOut.flip();
		try {
			this.channel.write(this.netOut);
			return !this.netOut.hasRemaining();
		}
		finally {
			this.netOut.compact();
		}
	}

	private void runTasks() {
		Runnable task;
		while ((task = this.engine.getDelegatedTask()) != null) {
			task.run();
		}
	}

	/** Accepts any server certificate: the bench measures echo speed, not trust. */
	private static final class TrustAll extends X509ExtendedTrustManager {

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

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

	}

}
