package io.netlab.impair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A UDP client for impairment tests: sends datagrams numbered 0..n-1 in windows, and lists the
 * numbers of the echoes in the order they came back, so loss, duplicates and reordering show.
 */
final class SequencedUdpClient implements AutoCloseable {

	/** An echo as it came back: its number, its bytes, when (System.nanoTime()). */
	record Echo(int sequence, byte[] payload, long receivedAt) {
	}

	private final DatagramSocket socket;

	private final InetSocketAddress target;

	SequencedUdpClient(int port) {
		try {
			this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			this.socket.setReceiveBufferSize(4 * 1024 * 1024);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
	}

	/**
	 * Send datagrams 0..count-1 of {@code size} bytes, {@code window} at a time, each window's
	 * echoes read until none came for {@code quietMs}.
	 */
	List<Echo> exchange(int count, int size, int window, int quietMs) {
		List<Echo> echoes = new ArrayList<>();
		for (int start = 0; start < count; start += window) {
			for (int seq = start; seq < Math.min(count, start + window); seq++) {
				send(seq, size);
			}
			echoes.addAll(receiveUntilQuiet(quietMs));
		}
		return echoes;
	}

	void send(int sequence, int size) {
		byte[] payload = sent(sequence, size);
		try {
			this.socket.send(new DatagramPacket(payload, payload.length, this.target));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	List<Echo> receiveUntilQuiet(int quietMs) {
		List<Echo> echoes = new ArrayList<>();
		byte[] buffer = new byte[65536];
		try {
			this.socket.setSoTimeout(quietMs);
			while (true) {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				this.socket.receive(packet);
				byte[] payload = Arrays.copyOf(packet.getData(), packet.getLength());
				int sequence = (payload.length >= 4) ? ByteBuffer.wrap(payload).getInt() : -1;
				echoes.add(new Echo(sequence, payload, System.nanoTime()));
			}
		}
		catch (SocketTimeoutException ex) {
			return echoes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What datagram {@code sequence} of {@code size} bytes carried when sent. */
	static byte[] sent(int sequence, int size) {
		byte[] payload = new byte[Math.max(4, size)];
		ByteBuffer.wrap(payload).putInt(sequence);
		for (int i = 4; i < payload.length; i++) {
			payload[i] = (byte) (sequence + i);
		}
		return payload;
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
