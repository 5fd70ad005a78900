package io.netlab.listener.transport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.UdpServerListeningEvent;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.GenericMessage;

/**
 * The UDP inbound adapter of a listener: one thread receives datagrams whole from a
 * {@link DatagramChannel} into one reused direct buffer and hands each to the flow right away, as
 * a message with the payload and the sender ({@link DataPlaneHeaders}), so a flood cannot pile up
 * in memory. A datagram over the size limit is dropped and reported, one the gate refuses is
 * dropped. Replies go out of the same channel ({@link DatagramSender}). Spring Integration's
 * default would allocate a 2048-byte buffer per datagram (cutting longer ones), copy it twice,
 * render the sender's address as text into five headers and queue every datagram without bound.
 */
public class DatagramReceiver extends UnicastReceivingChannelAdapter {

	private final int maxMessageBytes;

	private final int bufferBytes;

	private final IntConsumer oversizeDropped;

	private final DatagramGate gate;

	private final ReentrantLock bindLock = new ReentrantLock();

	/** Set once, under the bind lock; read without it by every reply. */
	private volatile @Nullable DatagramChannel channel;

	/**
	 * Receive thread only: the headers last made for a sender, by a hash of its address: a
	 * client that keeps sending gets the same headers object for each datagram.
	 */
	private final MessageHeaders[] recentHeaders = new MessageHeaders[RECENT_SENDERS];

	private static final int RECENT_SENDERS = 256;

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
		this.bufferBytes = Math.min(maxMessageBytes + 1, 65536);
		this.oversizeDropped = oversizeDropped;
		setPoolSize(1);
	}

	/** The bound socket (bound on the first call, so that a port in use is reported to the caller). */
	@Override
	public DatagramSocket getSocket() {
		return channel().socket();
	}

	/** The bound channel that receives, and that replies are sent from. */
	DatagramChannel channel() {
		DatagramChannel bound = this.channel;
		if (bound != null) {
			return bound; // every reply asks: no lock once bound
		}
		this.bindLock.lock();
		try {
			if (this.channel == null) {
				DatagramChannel opened = open();
				setSocket(opened.socket());
				this.channel = opened;
			}
			return this.channel;
		}
		finally {
			this.bindLock.unlock();
		}
	}

	private DatagramChannel open() {
		DatagramChannel opened = null;
		try {
			opened = DatagramChannel.open();
			if (getSoReceiveBufferSize() > 0) {
				opened.setOption(StandardSocketOptions.SO_RCVBUF, getSoReceiveBufferSize());
			}
			String localAddress = getLocalAddress();
			opened.bind((localAddress != null) ? new InetSocketAddress(InetAddress.getByName(localAddress), super.getPort())
					: new InetSocketAddress(super.getPort()));
			setSocketAttributes(opened.socket());
			return opened;
		}
		catch (IOException ex) {
			if (opened != null) {
				ServerFactory.closeQuietly(opened);
			}
			throw new MessagingException("failed to create DatagramSocket", ex);
		}
	}

	/**
	 * The receive loop: runs until the adapter stops and closes the channel. A receive that
	 * fails otherwise is logged once and retried after a millisecond, so a passing error (no
	 * buffer space, say) does not end the listener, and a lasting one does not spin.
	 */
	@Override
	public void run() {
		DatagramChannel receiving = channel();
		getApplicationEventPublisher().publishEvent(new UdpServerListeningEvent(this, getPort()));
		setListening(true);
		ByteBuffer buffer = ByteBuffer.allocateDirect(this.bufferBytes);
		boolean failureLogged = false;
		try {
			while (isActive() && receiving.isOpen()) {
				buffer.clear();
				try {
					if (receiving.receive(buffer) instanceof InetSocketAddress sender) {
						handleSafely(buffer.flip(), sender);
					}
				}
				catch (ClosedChannelException ex) {
					return; // stopped: the channel was closed under the blocked receive
				}
				catch (IOException ex) {
					if (!failureLogged) {
						this.logger.warn(ex, "UDP receive failed on port " + getPort() + "; retrying");
						failureLogged = true;
					}
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				}
			}
		}
		finally {
			setListening(false);
		}
	}

	private MessageHeaders headers(InetSocketAddress sender) {
		int slot = sender.hashCode() & (RECENT_SENDERS - 1);
		MessageHeaders recent = this.recentHeaders[slot];
		if (recent != null && sender.equals(recent.get(IpHeaders.PACKET_ADDRESS))) {
			return recent;
		}
		MessageHeaders made = DataPlaneHeaders.datagram(sender);
		this.recentHeaders[slot] = made;
		return made;
	}

	/** Nothing one datagram makes netlab's own code throw may end the receive loop. */
	private void handleSafely(ByteBuffer datagram, InetSocketAddress sender) {
		try {
			handle(datagram, sender);
		}
		catch (RuntimeException ex) {
			// the flow failed for this datagram (its error went to the error channel): go on with the next
			if (this.logger.isDebugEnabled()) {
				this.logger.debug("Flow failed for a datagram from " + sender + ": " + ex.getMessage());
			}
		}
	}

	/**
	 * One received datagram, in read mode, into the flow. Package-private only so that the UDP
	 * path's benchmark (through a test helper in this package) can drive it without a socket.
	 */
	void handle(ByteBuffer datagram, InetSocketAddress sender) {
		int length = datagram.remaining();
		if (length > this.maxMessageBytes) {
			this.oversizeDropped.accept(length);
			return;
		}
		if (!this.gate.admit(sender.getAddress(), sender.getPort(), length)) {
			return;
		}
		byte[] payload = new byte[length];
		datagram.get(payload);
		sendMessage(new GenericMessage<>(payload, headers(sender)));
	}

}
