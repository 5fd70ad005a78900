package io.netlab.probe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A UDP echo server that impairs the echo in a fixed pattern over the datagrams it receives
 * (counted from 1, in arrival order): it drops every {@code dropEvery}-th, answers every
 * {@code duplicateEvery}-th twice, and with {@code swapPairs} answers the forwarded ones in
 * swapped pairs (2nd, 1st, 4th, 3rd, ...). It can also drop everything from the first source
 * port it hears from. One thread, one loopback socket on an ephemeral port.
 */
final class ImpairingUdpServer implements AutoCloseable {

	private final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());

	private final Thread thread;

	private final int dropEvery;

	private final int duplicateEvery;

	private final boolean swapPairs;

	private final boolean blackholeFirstPort;

	private long received;

	private int firstPort = -1;

	private DatagramPacket held;

	private boolean heldTwice;

	private ImpairingUdpServer(int dropEvery, int duplicateEvery, boolean swapPairs, boolean blackholeFirstPort)
			throws IOException {
		this.dropEvery = dropEvery;
		this.duplicateEvery = duplicateEvery;
		this.swapPairs = swapPairs;
		this.blackholeFirstPort = blackholeFirstPort;
		this.thread = new Thread(this::serve, "test-impairing-udp");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Drops every 4th, duplicates every 10th, swaps pairs. */
	static ImpairingUdpServer dropDuplicateSwap() throws IOException {
		return new ImpairingUdpServer(4, 10, true, false);
	}

	/** Echoes everything, except from the first source port it hears from. */
	static ImpairingUdpServer blackholeFirstSourcePort() throws IOException {
		return new ImpairingUdpServer(0, 0, false, true);
	}

	int port() {
		return this.socket.getLocalPort();
	}

	private void serve() {
		byte[] buffer = new byte[65536];
		while (!this.socket.isClosed()) {
			try {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				this.socket.receive(packet);
				handle(new DatagramPacket(packet.getData().clone(), packet.getLength(), packet.getSocketAddress()));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void handle(DatagramPacket packet) throws IOException {
		long n = ++this.received;
		if (this.firstPort < 0) {
			this.firstPort = packet.getPort();
		}
		if ((this.dropEvery > 0 && n % this.dropEvery == 0)
				|| (this.blackholeFirstPort && packet.getPort() == this.firstPort)) {
			return;
		}
		boolean twice = this.duplicateEvery > 0 && n % this.duplicateEvery == 0;
		if (!this.swapPairs) {
			send(packet, twice);
		}
		else if (this.held == null) {
			this.held = packet;
			this.heldTwice = twice;
		}
		else {
			send(packet, twice);
			send(this.held, this.heldTwice);
			this.held = null;
		}
	}

	private void send(DatagramPacket packet, boolean twice) throws IOException {
		SocketAddress to = packet.getSocketAddress();
		this.socket.send(new DatagramPacket(packet.getData(), packet.getLength(), to));
		if (twice) {
			this.socket.send(new DatagramPacket(packet.getData(), packet.getLength(), to));
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.socket.close();
		this.thread.join(TimeUnit.SECONDS.toMillis(5));
	}

}
