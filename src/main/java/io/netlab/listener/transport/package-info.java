/**
 * netlab's TCP and UDP transports under Spring Integration's endpoints: the shared accept
 * loop, NIO event loops and connections (state machine, accounted write queue, TLS layer), the
 * thread-per-connection mode, the UDP receiver; limits and health as the transport sees them.
 * Knows nothing of the listener model above it.
 */
package io.netlab.listener.transport;
