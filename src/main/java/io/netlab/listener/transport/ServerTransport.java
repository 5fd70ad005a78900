package io.netlab.listener.transport;

import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * What the listener service needs from a TCP server connection factory beyond Spring
 * Integration's SPI: to know when the port is bound (or why it could not be), whether it can
 * still serve, and to stop accepting while open connections drain.
 */
public interface ServerTransport {

	/** Completes with the bound port once listening, or exceptionally with the bind failure. */
	CompletableFuture<Integer> bound();

	/** The listening socket while bound, else null. */
	@Nullable ServerSocket serverSocket();

	/** Whether the transport can serve now, as its accept and loop threads found. */
	TransportHealth.Status status();

	/** Close the server socket so no new connection arrives; open connections keep going. */
	void stopAccepting();

}
