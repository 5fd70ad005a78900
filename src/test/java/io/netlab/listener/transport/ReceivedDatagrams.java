package io.netlab.listener.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Hands a datagram to a {@link DatagramReceiver} as its receive loop does after a receive, for
 * benchmarks outside this package that measure the UDP path without a socket.
 */
public final class ReceivedDatagrams {

	private ReceivedDatagrams() {
	}

	/**
	 * @param datagram the received bytes, in read mode (as after {@code receive} and {@code flip})
	 * @param sender the address the datagram came from
	 */
	public static void handle(DatagramReceiver receiver, ByteBuffer datagram, InetSocketAddress sender) {
		receiver.handle(datagram, sender);
	}

}
