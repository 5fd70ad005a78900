package io.netlab.listener.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The TLS layer of a connection: its {@link SSLEngine}, the encrypted bytes not yet unwrapped,
 * and the handshake's progress and deadline. Unwrapping and handshake steps run on the
 * connection's reading thread, holding the connection's send lock, as every wrap does: records
 * leave in the order they were wrapped, and an engine never wraps on two threads at once. Records are wrapped into a
 * per-thread scratch buffer: the connection writes them from there and queues only a copy of
 * what the socket did not take, sized to it, so a stalled peer costs what is queued and no more.
 * A TLS 1.2 client's renegotiation is refused (it is a classic CPU and state attack).
 */
final class TlsLayer {

	/** What the layer needs from its connection. */
	interface Peer {

		/** Write handshake or alert records now, or queue what the socket does not take. */
		void sendRecords(ByteBuffer records) throws IOException;

		/** The handshake is done (called once). */
		void handshakeFinished();

	}

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private static final int MAX_STEPS = 1000;

	/** TLS 1.3 post-handshake messages (key updates, tickets) one connection may send: a flood is an attack. */
	private static final int MAX_POST_HANDSHAKE = 64;

	private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

	final SSLEngine engine;

	private final long startedNanos = System.nanoTime();

	private final long handshakeTimeoutNanos;

	private final int packetBytes;

	/** Encrypted bytes from the socket, in write mode between reads. */
	ByteBuffer netIn;

	volatile boolean handshakeDone;

	/** Engine work started after the handshake: TLS 1.3 post-handshake messages. */
	private int postHandshake;

	/** System.nanoTime() since when part of a record waits in {@link #netIn}; 0 when none does. */
	private volatile long partialRecordSince;

	boolean inboundClosed;

	TlsLayer(TlsSettings settings) throws SSLException {
		this.engine = settings.newServerEngine();
		this.handshakeTimeoutNanos = settings.handshakeTimeoutMs() * 1_000_000L;
		this.packetBytes = this.engine.getSession().getPacketBufferSize();
		this.netIn = ByteBuffer.allocate(this.packetBytes);
		this.engine.beginHandshake();
	}

	long handshakeMillis() {
		return (System.nanoTime() - this.startedNanos) / 1_000_000L;
	}

	/** System.nanoTime() by which the handshake must be done. */
	long handshakeDeadline() {
		return this.startedNanos + this.handshakeTimeoutNanos;
	}

	boolean handshakeExpired(long now) {
		return !this.handshakeDone && now - this.startedNanos > this.handshakeTimeoutNanos;
	}

	SSLHandshakeException handshakeTimeout() {
		return new SSLHandshakeException("TLS handshake not finished within " + this.handshakeTimeoutNanos / 1_000_000L
				+ " ms");
	}

	/** Room an unwrap needs in its output buffer. */
	int applicationBytes() {
		return this.engine.getSession().getApplicationBufferSize();
	}

	/**
	 * Unwrap what arrived into {@code out} (write mode), taking every handshake step the engine
	 * asks for. Returns true when input is left that did not fit {@code out}: the caller takes
	 * the bytes out and calls again.
	 */
	boolean unwrap(Peer peer, ByteBuffer out) throws IOException {
		this.netIn.flip();
		try {
			for (int step = 0; step < MAX_STEPS; step++) {
				HandshakeStatus status = this.engine.getHandshakeStatus();
				if (status == HandshakeStatus.NEED_TASK) {
					refuseRenegotiation();
					Runnable task;
					while ((task = this.engine.getDelegatedTask()) != null) {
						task.run();
					}
					continue;
				}
				if (status == HandshakeStatus.NEED_WRAP) {
					wrapHandshake(peer);
					if (this.engine.isOutboundDone()) {
						return false;
					}
					continue;
				}
				if (!this.netIn.hasRemaining() || this.inboundClosed) {
					return false;
				}
				if (out.remaining() < applicationBytes()) {
					return true;
				}
				SSLEngineResult result = this.engine.unwrap(this.netIn, out);
				if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
					finished(peer);
				}
				switch (result.getStatus()) {
					case BUFFER_UNDERFLOW -> {
						if (this.netIn.limit() == this.netIn.capacity() && this.netIn.position() == 0) {
							// a record larger than the session said: make room (read mode, like netIn here),
							// but never more than a TLS record can be (its length field has 16 bits)
							if (this.netIn.capacity() > 0x10000) {
								throw new SSLException("TLS record larger than any valid record");
							}
							this.netIn = ByteBuffer.allocate(this.netIn.capacity() + this.packetBytes).put(this.netIn).flip();
						}
						return false;
					}
					case BUFFER_OVERFLOW -> {
						return true;
					}
					case CLOSED -> this.inboundClosed = true;
					case OK -> {
						// go on: more records may be buffered, or the handshake may need a step
					}
				}
			}
			throw new SSLException("TLS engine made no progress in " + MAX_STEPS + " steps");
		}
		finally {
			boolean partialRecord = this.netIn.hasRemaining();
			this.netIn.compact();
			if (!partialRecord) {
				this.partialRecordSince = 0;
			}
			else if (this.partialRecordSince == 0) {
				this.partialRecordSince = System.nanoTime();
			}
		}
	}

	/**
	 * After the handshake, only TLS 1.3's post-handshake messages may start engine work again,
	 * and only a few of them.
	 */
	private void refuseRenegotiation() throws SSLException {
		if (!this.handshakeDone) {
			return;
		}
		if ("TLSv1.2".equals(this.engine.getSession().getProtocol())) {
			throw new SSLException("TLS renegotiation refused");
		}
		if (++this.postHandshake > MAX_POST_HANDSHAKE) {
			throw new SSLException("more than " + MAX_POST_HANDSHAKE + " TLS post-handshake messages");
		}
	}

	/** Since when part of a record has waited for its rest (System.nanoTime()); 0 if none waits. */
	long partialRecordSince() {
		return this.partialRecordSince;
	}

	private void finished(Peer peer) {
		if (!this.handshakeDone) {
			this.handshakeDone = true;
			peer.handshakeFinished();
		}
	}

	/** Wrap handshake (or close) output and hand it to the peer; called under the write lock. */
	void wrapHandshake(Peer peer) throws IOException {
		ByteBuffer out = scratch();
		SSLEngineResult result = this.engine.wrap(EMPTY, out);
		out.flip();
		if (out.hasRemaining()) {
			peer.sendRecords(out);
		}
		if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
			finished(peer); // TLS 1.2 ends on the server's wrap
		}
	}

	/** Wrap application bytes into one record in the thread's scratch buffer, flipped for writing. */
	ByteBuffer wrap(ByteBuffer[] source) throws SSLException {
		ByteBuffer out = scratch();
		SSLEngineResult result = this.engine.wrap(source, out);
		if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
			throw new SSLException("TLS session is closed");
		}
		if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
			throw new SSLException("TLS engine made no progress wrapping " + result);
		}
		return out.flip();
	}

	private ByteBuffer scratch() {
		ByteBuffer scratch = SCRATCH.get();
		if (scratch.capacity() < this.packetBytes) {
			scratch = ByteBuffer.allocate(this.packetBytes);
			SCRATCH.set(scratch);
		}
		return scratch.clear();
	}

}
