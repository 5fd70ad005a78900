package io.netlab.listener.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The TLS state of one NIO connection: its {@link SSLEngine} and the buffers for encrypted
 * input and decrypted application bytes. Unwrapping and handshake steps run on the connection's
 * loop thread; wrapping happens under the connection's write lock (an engine allows one wrap
 * and one unwrap at a time, from different threads).
 */
final class TlsLayer {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private static final int MAX_STEPS = 1000;

	final SSLEngine engine;

	private final long startedNanos = System.nanoTime();

	private final long handshakeTimeoutNanos;

	/** Encrypted bytes from the socket, in write mode between reads. */
	ByteBuffer netIn;

	/** Decrypted bytes not yet cut into frames, in write mode between reads. */
	ByteBuffer appIn;

	volatile boolean handshakeDone;

	boolean inboundClosed;

	TlsLayer(TlsSettings settings) throws SSLException {
		this.engine = settings.newServerEngine();
		this.handshakeTimeoutNanos = settings.handshakeTimeoutMs() * 1_000_000L;
		this.netIn = ByteBuffer.allocate(this.engine.getSession().getPacketBufferSize());
		this.appIn = ByteBuffer.allocate(this.engine.getSession().getApplicationBufferSize());
		this.engine.beginHandshake();
	}

	long handshakeMillis() {
		return (System.nanoTime() - this.startedNanos) / 1_000_000L;
	}

	boolean handshakeExpired(long now) {
		return !this.handshakeDone && now - this.startedNanos > this.handshakeTimeoutNanos;
	}

	SSLHandshakeException handshakeTimeout() {
		return new SSLHandshakeException("TLS handshake not finished within " + this.handshakeTimeoutNanos / 1_000_000L
				+ " ms");
	}

	/**
	 * Unwrap what arrived into {@link #appIn}, taking every handshake step the engine asks for;
	 * handshake output is written through the connection.
	 */
	void unwrap(NioConnection connection) throws IOException {
		this.netIn.flip();
		try {
			for (int step = 0; step < MAX_STEPS; step++) {
				HandshakeStatus status = this.engine.getHandshakeStatus();
				if (status == HandshakeStatus.NEED_TASK) {
					Runnable task;
					while ((task = this.engine.getDelegatedTask()) != null) {
						task.run();
					}
					continue;
				}
				if (status == HandshakeStatus.NEED_WRAP) {
					connection.writeTlsHandshake();
					if (this.engine.isOutboundDone()) {
						return;
					}
					continue;
				}
				if (!this.netIn.hasRemaining() || this.inboundClosed) {
					return;
				}
				SSLEngineResult result = this.engine.unwrap(this.netIn, this.appIn);
				if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
					connection.tlsHandshakeFinished();
				}
				switch (result.getStatus()) {
					case BUFFER_UNDERFLOW -> {
						if (this.netIn.limit() == this.netIn.capacity() && this.netIn.position() == 0) {
							this.netIn = grow(this.netIn, this.engine.getSession().getPacketBufferSize());
						}
						return;
					}
					case BUFFER_OVERFLOW -> this.appIn = grow(this.appIn,
							this.engine.getSession().getApplicationBufferSize());
					case CLOSED -> this.inboundClosed = true;
					case OK -> {
						// go on: more records may be buffered, or the handshake may need a step
					}
				}
			}
			throw new SSLException("TLS engine made no progress in " + MAX_STEPS + " steps");
		}
		finally {
			this.netIn.compact();
		}
	}

	/** Set when the last handshake wrap finished the handshake (TLS 1.2 ends on the server's wrap). */
	boolean finishedByWrap;

	/** Wrap handshake or close output into a new buffer, flipped for writing. */
	ByteBuffer wrapHandshake() throws SSLException {
		ByteBuffer out = ByteBuffer.allocate(this.engine.getSession().getPacketBufferSize());
		SSLEngineResult result = this.engine.wrap(EMPTY, out);
		this.finishedByWrap = result.getHandshakeStatus() == HandshakeStatus.FINISHED;
		return out.flip();
	}

	/** Wrap application bytes into records; returns the records, each flipped for writing. */
	ByteBuffer wrapRecord(ByteBuffer[] source) throws SSLException {
		ByteBuffer out = ByteBuffer.allocate(this.engine.getSession().getPacketBufferSize());
		SSLEngineResult result = this.engine.wrap(source, out);
		if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
			throw new SSLException("TLS session is closed");
		}
		return out.flip();
	}

	/** A buffer (write mode) with the same content and room for at least {@code more} bytes more. */
	static ByteBuffer grow(ByteBuffer buffer, int more) {
		ByteBuffer grown = ByteBuffer.allocate(buffer.capacity() + more);
		buffer.flip();
		grown.put(buffer);
		return grown;
	}

}
