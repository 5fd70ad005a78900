package io.netlab.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Sends one session's frames without ever blocking the caller: each is queued and written with
 * the container's asynchronous send, one at a time. While frames wait behind the one being
 * written, reading from the client is paused (back-pressure, as TCP gives an echo server), and
 * resumed once they are all out. More bytes queued than the buffer limit (frames read before
 * the pause took effect), or a frame the client does not take within the container's send
 * timeout, make the sender give up and report it once to {@code overLimit}, whose job is to
 * close the session. Any thread may call it; completions come on container threads.
 */
final class BoundedSender {

	private final RemoteEndpoint.Async remote;

	private final long bufferLimit;

	private final Consumer<String> overLimit;

	private final Runnable pauseReading;

	private final Runnable resumeReading;

	/** Counts the callers of {@link #drain()}, so that one loop sends and a completion never recurses. */
	private final AtomicInteger draining = new AtomicInteger();

	private final Deque<WebSocketMessage<?>> queue = new ArrayDeque<>();

	private long queuedBytes;

	private boolean inFlight;

	private boolean failed;

	private boolean paused;

	BoundedSender(RemoteEndpoint.Async remote, long bufferLimit, Consumer<String> overLimit, Runnable pauseReading,
			Runnable resumeReading) {
		this.remote = remote;
		this.bufferLimit = bufferLimit;
		this.overLimit = overLimit;
		this.pauseReading = pauseReading;
		this.resumeReading = resumeReading;
	}

	/** Queue a frame; returns at once. Frames after a failure are dropped. */
	void send(WebSocketMessage<?> message) {
		boolean over;
		boolean pause = false;
		synchronized (this) {
			if (this.failed) {
				return;
			}
			over = this.queuedBytes + message.getPayloadLength() > this.bufferLimit;
			if (!over) {
				this.queuedBytes += message.getPayloadLength();
				this.queue.add(message);
				pause = this.inFlight && !this.paused;
				this.paused |= pause;
			}
		}
		if (over) {
			fail("more than " + this.bufferLimit + " bytes waiting for the client to read");
			return;
		}
		if (pause) {
			this.pauseReading.run();
		}
		drain();
	}

	/**
	 * Send a ping if no frame is queued or being written, so that it never overlaps one; blocks
	 * for the container's blocking-send timeout at most, so it is never called on a request thread.
	 */
	void pingIfIdle() {
		synchronized (this) {
			if (this.failed || this.inFlight || !this.queue.isEmpty()) {
				return;
			}
			this.inFlight = true;
		}
		try {
			this.remote.sendPing(ByteBuffer.allocate(0));
		}
		catch (IOException | RuntimeException ex) {
			fail("a ping was not taken");
			return;
		}
		synchronized (this) {
			this.inFlight = false;
		}
		drain();
	}

	private void drain() {
		if (this.draining.getAndIncrement() != 0) {
			return;
		}
		do {
			WebSocketMessage<?> next;
			synchronized (this) {
				next = (this.inFlight || this.failed) ? null : this.queue.poll();
				this.inFlight |= (next != null);
			}
			if (next != null) {
				start(next);
			}
		}
		while (this.draining.decrementAndGet() != 0);
	}

	private void start(WebSocketMessage<?> message) {
		SendHandler done = result -> {
			if (!result.isOK()) {
				fail("a frame was not taken in time");
				return;
			}
			boolean resume;
			synchronized (this) {
				this.inFlight = false;
				this.queuedBytes -= message.getPayloadLength();
				resume = this.paused && this.queue.isEmpty();
				this.paused &= !resume;
			}
			if (resume) {
				this.resumeReading.run();
			}
			drain();
		};
		try {
			if (message instanceof TextMessage text) {
				this.remote.sendText(text.getPayload(), done);
			}
			else if (message instanceof BinaryMessage binary) {
				this.remote.sendBinary(binary.getPayload(), done);
			}
		}
		catch (RuntimeException ex) {
			done.onResult(new SendResult(ex));
		}
	}

	private void fail(String reason) {
		synchronized (this) {
			if (this.failed) {
				return;
			}
			this.failed = true;
			this.queue.clear();
		}
		this.overLimit.accept(reason);
	}

}
