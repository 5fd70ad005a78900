package io.netlab.listener.transport;

import java.net.InetAddress;

/**
 * Decides, on the receive thread, whether a datagram from this source is handled or dropped;
 * the gate counts what it drops.
 */
@FunctionalInterface
public interface DatagramGate {

	DatagramGate OPEN = (address, port, length) -> true;

	boolean admit(InetAddress address, int port, int length);

}
