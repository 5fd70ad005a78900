package io.netlab.listener.transport;

import java.util.ArrayList;
import java.util.List;

import io.netlab.wire.FrameCodec;
import io.netlab.wire.Framing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The listener's outbound adapter sends a reply straight back on the open connection its
 * headers lead to; anything else (a closed connection, headers made anew) takes Spring
 * Integration's way, by connection id.
 */
class ReplySenderTests {

	private final List<Message<?>> sent = new ArrayList<>();

	private final List<Object> events = new ArrayList<>();

	private ReplySender sender;

	@BeforeEach
	void sender() {
		NioServerConnectionFactory factory = new NioServerConnectionFactory(0, new FrameCodec(Framing.LINE, 4, 1024),
				new ConnectionLimits(0, 0, 0, 64 * 1024, 0), 1);
		factory.setBeanName("replies");
		factory.setApplicationEventPublisher(this.events::add);
		this.sender = new ReplySender(factory);
		this.sender.setBeanFactory(new StaticListableBeanFactory());
		this.sender.afterPropertiesSet();
	}

	@Test
	void aReplyGoesBackOnTheOpenConnectionItsHeadersLeadTo() {
		ReceivingConnection connection = StubReceivingConnection.sendingTo("c-1", true, this.sent);
		Message<byte[]> reply = new GenericMessage<>(new byte[] { 1 }, DataPlaneHeaders.connection(connection));
		this.sender.handleMessage(reply);
		assertThat(this.sent).containsExactly(reply);
	}

	@Test
	void aReplyForAClosedConnectionIsRefusedAsSpringIntegrationRefusesIt() {
		ReceivingConnection connection = StubReceivingConnection.sendingTo("c-1", false, this.sent);
		Message<byte[]> reply = new GenericMessage<>(new byte[] { 1 }, DataPlaneHeaders.connection(connection));
		assertThatExceptionOfType(MessageHandlingException.class).isThrownBy(() -> this.sender.handleMessage(reply))
			.withMessageContaining("Unable to find outbound socket");
		assertThat(this.sent).isEmpty();
		assertThat(this.events).as("the failed-correlation event Spring Integration publishes").hasSize(1);
	}

	@Test
	void aReplyWithHeadersMadeAnewIsRoutedByItsIdOnly() {
		ReceivingConnection connection = StubReceivingConnection.sendingTo("c-1", true, this.sent);
		Message<byte[]> copied = MessageBuilder.withPayload(new byte[] { 1 })
			.copyHeaders(DataPlaneHeaders.connection(connection))
			.build();
		assertThat(copied.getHeaders().get(IpHeaders.CONNECTION_ID)).isEqualTo("c-1");
		assertThatExceptionOfType(MessageHandlingException.class).isThrownBy(() -> this.sender.handleMessage(copied))
			.withMessageContaining("Unable to find outbound socket");
		assertThat(this.sent).as("not known to the factory by that id").isEmpty();
	}

}
