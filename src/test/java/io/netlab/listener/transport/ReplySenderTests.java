package io.netlab.listener.transport;

import java.util.ArrayList;
import java.util.List;

import io.netlab.wire.FrameCodec;
import io.netlab.wire.Framing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionFailedCorrelationEvent;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The listener's outbound adapter sends a reply straight back on the open connection of its own
 * factory that the reply's headers lead to; anything else takes Spring Integration's way, by
 * connection id among the connections the factory registered with it.
 */
class ReplySenderTests {

	private static final String FACTORY = "replies";

	private final List<Message<?>> sent = new ArrayList<>();

	private final List<Object> events = new ArrayList<>();

	private NioServerConnectionFactory factory;

	private ReplySender sender;

	@BeforeEach
	void sender() {
		this.factory = new NioServerConnectionFactory(0, new FrameCodec(Framing.LINE, 4, 1024),
				new ConnectionLimits(0, 0, 0, 64 * 1024, 0), 1);
		this.factory.setBeanName(FACTORY);
		this.factory.setApplicationEventPublisher(this.events::add);
		this.sender = new ReplySender(this.factory);
		this.sender.setBeanFactory(new StaticListableBeanFactory());
		this.sender.afterPropertiesSet();
	}

	@Test
	void itIsTheFactorysSender() {
		assertThat(this.factory.getSenders()).containsExactly(this.sender);
	}

	@Test
	void aReplyGoesBackOnTheOpenConnectionItsHeadersLeadTo() {
		ReceivingConnection connection = StubReceivingConnection.sendingTo("c-1", true, FACTORY, this.sent);
		Message<byte[]> reply = reply(connection);
		this.sender.handleMessage(reply);
		assertThat(this.sent).containsExactly(reply);
	}

	@Test
	void aReplyForAClosedConnectionIsRefusedAsSpringIntegrationRefusesIt() {
		ReceivingConnection connection = StubReceivingConnection.sendingTo("c-1", false, FACTORY, this.sent);
		assertThatExceptionOfType(MessageHandlingException.class)
			.isThrownBy(() -> this.sender.handleMessage(reply(connection)))
			.withMessageContaining("Unable to find outbound socket");
		assertThat(this.sent).isEmpty();
		assertThat(this.events).singleElement().isInstanceOf(TcpConnectionFailedCorrelationEvent.class);
	}

	@Test
	void aReplyWithHeadersMadeAnewGoesByItsIdToTheConnectionTheFactoryRegistered() {
		ReceivingConnection connection = StubReceivingConnection.sendingTo("c-1", true, FACTORY, this.sent);
		Message<byte[]> copied = MessageBuilder.withPayload(new byte[] { 1 })
			.copyHeaders(DataPlaneHeaders.connection(connection))
			.build();
		assertThat(DataPlaneHeaders.source(copied.getHeaders())).isNull();
		assertThatExceptionOfType(MessageHandlingException.class).isThrownBy(() -> this.sender.handleMessage(copied))
			.withMessageContaining("Unable to find outbound socket");
		this.sender.addNewConnection(connection); // as the factory does when the connection opens
		this.sender.handleMessage(copied);
		assertThat(this.sent).containsExactly(copied);
	}

	@Test
	void aConnectionOfAnotherFactoryIsNotRepliedToDirectly() {
		ReceivingConnection connection = StubReceivingConnection.sendingTo("c-1", true, "another", this.sent);
		assertThatExceptionOfType(MessageHandlingException.class)
			.isThrownBy(() -> this.sender.handleMessage(reply(connection)))
			.withMessageContaining("Unable to find outbound socket");
		assertThat(this.sent).isEmpty();
	}

	@Test
	void theFactoryRefusesConnectionInterceptors() {
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.factory.setInterceptorFactoryChain(
					new org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorFactoryChain()));
	}

	private static Message<byte[]> reply(ReceivingConnection connection) {
		return new GenericMessage<>(new byte[] { 1 }, DataPlaneHeaders.connection(connection));
	}

}
