package io.netlab.listener.transport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.util.function.IntConsumer;

import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;

/**
 * A UDP inbound adapter that takes datagrams whole and handles each on its receive thread.
 * Spring Integration's default allocates a 2048-byte buffer per datagram (longer ones are
 * silently cut) and hands every datagram to an unbounded queue; here one buffer one byte
 * longer than the limit is reused, an oversized datagram is dropped and reported, and the flow
 * (echo or discard) runs right away, so a flood cannot pile up in memory.
 */
public class DatagramReceiver extends UnicastReceivingChannelAdapter {

	private final byte[] buffer;

	private final int maxMessageBytes;

	private final IntConsumer oversizeDropped;

	private final DatagramGate gate;

	/**
	 * @param port the port to bind, 0 for an ephemeral one
	 * @param maxMessageBytes datagrams with more payload are dropped
	 * @param oversizeDropped told the size of each dropped datagram
	 * @param gate admits or drops each datagram by its source, before the flow sees it
	 */
	public DatagramReceiver(int port, int maxMessageBytes, IntConsumer oversizeDropped, DatagramGate gate) {
		super(port);
		this.gate = gate;
		this.maxMessageBytes = maxMessageBytes;
		this.buffer = new byte[Math.min(maxMessageBytes + 1, 65536)];
		this.oversizeDropped = oversizeDropped;
		setReceiveBufferSize(this.buffer.length);
		setPoolSize(1);
		setLookupHost(false);
	}

	/** Runs on the single receive thread only, so the buffer can be reused. */
	@Override
	protected DatagramPacket receive() throws IOException {
		while (true) {
			DatagramPacket packet = new DatagramPacket(this.buffer, this.buffer.length);
			getSocket().receive(packet);
			if (packet.getLength() > this.maxMessageBytes) {
				this.oversizeDropped.accept(packet.getLength());
			}
			else if (this.gate.admit(packet.getAddress(), packet.getPort(), packet.getLength())) {
				return packet;
			}
		}
	}

	/** Handle the datagram on the receive thread; the mapper copies the payload out of the buffer. */
	@Override
	protected boolean asyncSendMessage(DatagramPacket packet) {
		doSend(packet);
		return true;
	}

}
