package io.netlab.impair;

/**
 * Where a datagram goes next: the next impairment, or the socket.
 */
@FunctionalInterface
public interface DatagramSink {

	void send(Datagram datagram);

}
