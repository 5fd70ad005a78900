package io.netlab.listener;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.netlab.listener.transport.DirectEcho;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

/**
 * Counts the echoes of one listener, whichever way they go back. Its flow's echo step counts
 * each message here, before the impairments act; a transport that offers a {@link DirectEcho}
 * asks here whether it may write a frame straight back, which it may while the listener has no
 * impairment (those act in the flow), the frame being counted here in the same way. Either way
 * the same counters move and the same sampled message event goes out; the rate check comes
 * first, so an unsampled echo costs a clock read.
 */
final class EchoCounter implements Consumer<Message<?>>, DirectEcho {

	private final ListenerTraffic traffic;

	private final ManagedListener listener;

	/** The impairments the flow's echo step applies; null for a listener without any (UDP tests). */
	private final @Nullable LiveImpairments impairments;

	private final EventRate sampled;

	EchoCounter(ListenerTraffic traffic, ManagedListener listener, @Nullable LiveImpairments impairments,
			EventRate sampled) {
		this.traffic = traffic;
		this.listener = listener;
		this.impairments = impairments;
		this.sampled = sampled;
	}

	@Override
	public void accept(Message<?> message) {
		byte[] payload = (byte[]) message.getPayload();
		ConnectionRecord connection = ListenerTraffic.connection(this.listener, message);
		count(connection, payload.length);
		if (this.sampled.tryAcquire()) {
			this.traffic.publishReceived(this.listener, connection, message, payload);
		}
	}

	/** Taken when the flow would only count it and send it back: no impairment, a known connection. */
	@Override
	public boolean take(@Nullable Object attachment, ByteBuffer frame) {
		LiveImpairments live = this.impairments;
		if (!(attachment instanceof ConnectionRecord connection) || (live != null && !live.isEmpty())) {
			return false;
		}
		int bytes = frame.remaining();
		count(connection, bytes);
		if (this.sampled.tryAcquire()) {
			byte[] payload = new byte[bytes];
			frame.get(frame.position(), payload);
			this.traffic.publishReceived(this.listener, connection, null, payload);
		}
		return true;
	}

	private void count(@Nullable ConnectionRecord connection, int bytes) {
		ListenerTraffic.echoed(this.listener, connection, bytes);
	}

}
