package io.netlab.events;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.netlab.support.EventFeed;
import io.netlab.support.IntegrationTest;
import io.netlab.support.Sockets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live feed {@code /ws/events} and the echo peer {@code /ws/echo}, with a real WebSocket
 * client, while real TCP and UDP clients use the listeners.
 */
class EventFeedIntegrationTests extends IntegrationTest {

	@Test
	void feedShowsAConnectionOpenItsMessageAndItsCloseByTheClient() throws Exception {
		try (EventFeed feed = EventFeed.open(this.httpPort, "listener=watched")) {
			int port = this.api.createListener("""
					{"name": "watched", "framing": "line"}""");
			String remote;
			try (Socket socket = Sockets.connect(port)) {
				remote = "127.0.0.1:" + socket.getLocalPort();
				Sockets.write(socket, "hello\tworld\n");
				assertThat(Sockets.readExactlyText(socket, 12)).isEqualTo("hello\tworld\n");
				JsonNode opened = feed.await("ConnectionOpened");
				assertThat(opened.get("listener").asText()).isEqualTo("watched");
				assertThat(opened.get("remote").asText()).isEqualTo(remote);
				assertThat(opened.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
				JsonNode message = feed.await("MessageReceived");
				assertThat(message.get("connectionId").asText()).isEqualTo(opened.get("connectionId").asText());
				assertThat(message.get("size").asInt()).isEqualTo(11);
				assertThat(message.get("preview").asText()).isEqualTo("hello\\tworld");
			}
			JsonNode closed = feed.await("ConnectionClosed");
			assertThat(closed.get("reason").asText()).isEqualTo("client");
			assertThat(closed.get("remote").asText()).isEqualTo(remote);
			assertThat(closed.get("bytesReceived").asLong()).isEqualTo(11);
			assertThat(closed.get("bytesSent").asLong()).isEqualTo(11);
			assertThat(closed.get("messagesReceived").asLong()).isEqualTo(1);
			assertThat(closed.get("messagesSent").asLong()).isEqualTo(1);
			assertThat(closed.get("durationMs").asLong()).isNotNegative();
			assertThat(feed.received()).extracting(event -> event.get("type").asText())
				.containsSubsequence("ListenerCreated", "ConnectionOpened", "MessageReceived", "ConnectionClosed");
		}
	}

	@Test
	void connectionClosedOverTheApiIsReportedAsClosedByTheServer() throws Exception {
		try (EventFeed feed = EventFeed.open(this.httpPort, "listener=closer")) {
			int port = this.api.createListener("""
					{"name": "closer", "framing": "line"}""");
			try (Socket socket = Sockets.connect(port)) {
				String id = feed.await("ConnectionOpened").get("connectionId").asText();
				assertThat(this.api.delete("/api/listeners/closer/connections/" + id).status()).isEqualTo(204);
				assertThat(Sockets.closedByPeer(socket)).isTrue();
				JsonNode closed = feed.await("ConnectionClosed");
				assertThat(closed.get("connectionId").asText()).isEqualTo(id);
				assertThat(closed.get("reason").asText()).isEqualTo("server");
			}
		}
	}

	@Test
	void idleTimeoutCloseIsReportedAsIdle() throws Exception {
		try (EventFeed feed = EventFeed.open(this.httpPort, "listener=sleepy")) {
			int port = this.api.createListener("""
					{"name": "sleepy", "framing": "line", "limits": {"idleTimeoutMs": 300}}""");
			try (Socket socket = Sockets.connect(port)) {
				assertThat(Sockets.closedByPeer(socket)).isTrue();
			}
			assertThat(feed.await("ConnectionClosed").get("reason").asText()).isEqualTo("idle");
		}
	}

	@Test
	void oversizedMessageCloseIsReportedAsFrameTooLarge() throws Exception {
		try (EventFeed feed = EventFeed.open(this.httpPort, "listener=strict")) {
			int port = this.api.createListener("""
					{"name": "strict", "io": "blocking", "framing": "line", "limits": {"maxMessageBytes": 8}}""");
			try (Socket socket = Sockets.connect(port)) {
				Sockets.write(socket, "far too long for eight bytes\n");
				assertThat(Sockets.closedByPeer(socket)).isTrue();
			}
			assertThat(feed.await("ConnectionClosed").get("reason").asText()).isEqualTo("frame-too-large");
		}
	}

	@Test
	void connectionOverTheLimitIsReportedAsRejectedNotAsOpenedOrClosed() throws Exception {
		try (EventFeed feed = EventFeed.open(this.httpPort, "listener=single")) {
			int port = this.api.createListener("""
					{"name": "single", "framing": "line", "limits": {"maxConnections": 1}}""");
			try (Socket first = Sockets.connect(port)) {
				feed.await("ConnectionOpened");
				String rejectedId;
				try (Socket second = Sockets.connect(port)) {
					assertThat(Sockets.closedByPeer(second)).isTrue();
					JsonNode rejected = feed.await("ConnectionRejected");
					assertThat(rejected.get("reason").asText()).isEqualTo("limit");
					assertThat(rejected.get("remote").asText()).isEqualTo("127.0.0.1:" + second.getLocalPort());
					rejectedId = rejected.get("connectionId").asText();
				}
				Sockets.write(first, "still here\n");
				Sockets.readExactly(first, 11);
				// published after anything the rejected connection could have caused
				feed.await("MessageReceived");
				assertThat(feed.received()).filteredOn(event -> rejectedId.equals(event.path("connectionId").asText()))
					.extracting(event -> event.get("type").asText())
					.containsExactly("ConnectionRejected");
			}
		}
	}

	@Test
	void datagramEventCarriesTheSenderAddress() throws Exception {
		try (EventFeed feed = EventFeed.open(this.httpPort, "listener=udp-watched");
				DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			int port = this.api.createListener("""
					{"name": "udp-watched", "protocol": "udp"}""");
			byte[] ping = { 'p', 'i', 'n', 'g', 0, (byte) 0xff };
			client.setSoTimeout(5000);
			client.send(new DatagramPacket(ping, ping.length, new InetSocketAddress("127.0.0.1", port)));
			client.receive(new DatagramPacket(new byte[16], 16));
			JsonNode datagram = feed.await("DatagramReceived");
			assertThat(datagram.get("remote").asText()).isEqualTo("127.0.0.1:" + client.getLocalPort());
			assertThat(datagram.get("size").asInt()).isEqualTo(6);
			assertThat(datagram.get("preview").asText()).isEqualTo("ping\\x00\\xff");
		}
	}

	@Test
	void feedFiltersByListenerAndType() throws Exception {
		int watched = this.api.createListener("""
				{"name": "filter-a", "framing": "line"}""");
		int other = this.api.createListener("""
				{"name": "filter-b", "framing": "line"}""");
		try (EventFeed feed = EventFeed.open(this.httpPort, "listener=filter-a&type=ConnectionOpened,ConnectionClosed")) {
			try (Socket socket = Sockets.connect(other)) {
				Sockets.write(socket, "ignored\n");
				Sockets.readExactly(socket, 8);
			}
			try (Socket socket = Sockets.connect(watched)) {
				Sockets.write(socket, "not a wanted type\n");
				Sockets.readExactly(socket, 18);
			}
			// one subscriber's events arrive in the order they were published: once the last
			// one is here, any unwanted one published before it would be here too
			feed.await("ConnectionClosed");
			assertThat(feed.received()).extracting(event -> event.get("listener").asText() + " " + event.get("type").asText())
				.containsExactly("filter-a ConnectionOpened", "filter-a ConnectionClosed");
		}
	}

	@Test
	void unknownEventTypeClosesTheFeedSayingWhy() {
		try (EventFeed feed = EventFeed.open(this.httpPort, "type=ConnectionOpend")) {
			CloseStatus status = feed.closeStatus();
			assertThat(status.getCode()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
			assertThat(status.getReason()).startsWith("Unknown event type 'ConnectionOpend'");
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	@Test
	void browserPageFromAnotherOriginCannotOpenTheFeed() {
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		headers.setOrigin("http://evil.example");
		CompletableFuture<WebSocketSession> connecting = new StandardWebSocketClient()
			.execute(new AbstractWebSocketHandler() {
			}, headers, URI.create("ws://127.0.0.1:" + this.httpPort + "/ws/events"));
		assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasStackTraceContaining("403");
	}

	@Test
	void echoEndpointSendsTextAndBinaryMessagesBack() throws Exception {
		CompletableFuture<WebSocketMessage<?>> text = new CompletableFuture<>();
		CompletableFuture<WebSocketMessage<?>> binary = new CompletableFuture<>();
		WebSocketSession session = new StandardWebSocketClient().execute(new AbstractWebSocketHandler() {

			@Override
			protected void handleTextMessage(WebSocketSession s, TextMessage message) {
				text.complete(message);
			}

			@Override
			protected void handleBinaryMessage(WebSocketSession s, BinaryMessage message) {
				binary.complete(message);
			}

		}, "ws://127.0.0.1:" + this.httpPort + "/ws/echo").get(10, TimeUnit.SECONDS);
		try {
			session.sendMessage(new TextMessage("héllo, echo"));
			assertThat(text.get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("héllo, echo");
			byte[] bytes = { 0, 1, 2, (byte) 0xfe };
			session.sendMessage(new BinaryMessage(bytes));
			ByteBuffer echoed = (ByteBuffer) binary.get(10, TimeUnit.SECONDS).getPayload();
			byte[] received = new byte[echoed.remaining()];
			echoed.get(received);
			assertThat(received).isEqualTo(bytes);
		}
		finally {
			session.close();
		}
	}

}
