package io.netlab.listener.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;

/**
 * The UDP outbound adapter of a listener: sends each message's payload to its
 * {@code ip_packetAddress} from the listener's own channel, so a reply comes from the port the
 * client sent to. Any thread may send (the receive thread, the impairment scheduler's).
 */
public class DatagramSender extends AbstractMessageHandler {

	private final DatagramReceiver receiver;

	public DatagramSender(DatagramReceiver receiver) {
		this.receiver = receiver;
	}

	@Override
	protected void handleMessageInternal(Message<?> message) {
		if (!(message.getHeaders().get(IpHeaders.PACKET_ADDRESS) instanceof SocketAddress to)) {
			throw new MessageHandlingException(message, "a UDP reply needs an " + IpHeaders.PACKET_ADDRESS + " header");
		}
		if (!(message.getPayload() instanceof byte[] payload)) {
			throw new MessageHandlingException(message, "netlab UDP replies must be byte[]");
		}
		try {
			this.receiver.channel().send(ByteBuffer.wrap(payload), to);
		}
		catch (IOException ex) {
			throw new MessageHandlingException(message, "UDP send to " + to + " failed", ex);
		}
	}

	@Override
	public String getComponentType() {
		return "ip:udp-outbound-channel-adapter";
	}

}
