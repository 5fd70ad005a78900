package io.netlab.listener.transport;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A received message's headers read like any one-entry {@link MessageHeaders}: the routing
 * header and nothing else, no id, no timestamp, read-only; a builder copying them keeps the header.
 */
class DataPlaneHeadersTests {

	@Test
	void aFramesHeadersHoldOnlyItsConnectionId() {
		MessageHeaders headers = DataPlaneHeaders.connection("c-1");
		assertThat(headers.get(IpHeaders.CONNECTION_ID)).isEqualTo("c-1");
		assertThat(headers.get(IpHeaders.CONNECTION_ID, String.class)).isEqualTo("c-1");
		assertThat(headers.containsKey(IpHeaders.CONNECTION_ID)).isTrue();
		assertThat(headers.containsKey(IpHeaders.PACKET_ADDRESS)).isFalse();
		assertThat(headers.get(IpHeaders.PACKET_ADDRESS)).isNull();
		assertThat(headers).hasSize(1).containsExactly(Map.entry(IpHeaders.CONNECTION_ID, "c-1"));
		assertThat(headers.keySet()).containsExactly(IpHeaders.CONNECTION_ID);
		assertThat(headers.values()).containsExactly("c-1");
		assertThat(headers.getId()).isNull();
		assertThat(headers.getTimestamp()).isNull();
		assertThat(headers.getReplyChannel()).isNull();
		assertThat(headers).hasToString("{ip_connectionId=c-1}");
	}

	@Test
	void aDatagramsHeadersHoldOnlyItsSender() {
		InetSocketAddress sender = new InetSocketAddress("127.0.0.1", 40000);
		MessageHeaders headers = DataPlaneHeaders.datagram(sender);
		assertThat(headers.get(IpHeaders.PACKET_ADDRESS)).isSameAs(sender);
		assertThat(headers.containsValue(sender)).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> headers.get(IpHeaders.PACKET_ADDRESS, String.class));
	}

	@Test
	void theConnectionTravelsOutOfSightOfTheHeaderMapAndNotIntoCopies() {
		Object record = new Object();
		ReceivingConnection source = StubReceivingConnection.of("c-1", record);
		MessageHeaders headers = DataPlaneHeaders.connection(source);
		assertThat(DataPlaneHeaders.source(headers)).isSameAs(source);
		assertThat(DataPlaneHeaders.attachment(headers)).isSameAs(record);
		assertThat(headers).hasSize(1).containsOnlyKeys(IpHeaders.CONNECTION_ID);
		assertThat(headers).isEqualTo(DataPlaneHeaders.connection("c-1"));
		Message<byte[]> copy = MessageBuilder.fromMessage(new GenericMessage<>(new byte[] { 1 }, headers))
			.setHeader("extra", 1)
			.build();
		assertThat(copy.getHeaders().get(IpHeaders.CONNECTION_ID)).isEqualTo("c-1");
		assertThat(DataPlaneHeaders.source(copy.getHeaders())).as("a copy is found by its id again").isNull();
		assertThat(DataPlaneHeaders.attachment(copy.getHeaders())).isNull();
		assertThat(DataPlaneHeaders.attachment(DataPlaneHeaders.connection("c-2"))).isNull();
		assertThat(DataPlaneHeaders.source(DataPlaneHeaders.connection("c-2"))).isNull();
	}

	@Test
	void theyAreReadOnly() {
		MessageHeaders headers = DataPlaneHeaders.connection("c-1");
		assertThatThrownBy(() -> headers.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> headers.remove(IpHeaders.CONNECTION_ID)).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> headers.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void aBuilderCopyKeepsTheHeaderAndAddsItsOwnIdAndTimestamp() {
		Message<byte[]> received = new GenericMessage<>(new byte[] { 1 }, DataPlaneHeaders.connection("c-1"));
		Message<byte[]> copy = MessageBuilder.fromMessage(received).setHeader("extra", 1).build();
		assertThat(copy.getHeaders().get(IpHeaders.CONNECTION_ID)).isEqualTo("c-1");
		assertThat(copy.getHeaders().get("extra")).isEqualTo(1);
		assertThat(copy.getHeaders().getId()).isInstanceOf(UUID.class);
		Message<byte[]> plain = MessageBuilder.withPayload(new byte[] { 1 }).copyHeaders(received.getHeaders()).build();
		assertThat(plain.getHeaders().get(IpHeaders.CONNECTION_ID)).isEqualTo("c-1");
	}

	@Test
	void theyEqualOtherHeadersWithTheSameSingleEntry() {
		MessageHeaders one = DataPlaneHeaders.connection("c-1");
		assertThat(one).isEqualTo(DataPlaneHeaders.connection("c-1")).isNotEqualTo(DataPlaneHeaders.connection("c-2"));
		assertThat(one.hashCode()).isEqualTo(Map.of(IpHeaders.CONNECTION_ID, "c-1").hashCode());
	}

}
