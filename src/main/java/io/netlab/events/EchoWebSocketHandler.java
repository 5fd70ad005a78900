package io.netlab.events;

import java.io.IOException;
import java.nio.ByteBuffer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsSession;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * A WebSocket echo peer at {@code /ws/echo}: every text or binary message comes back as it was,
 * as RFC 862 echo does for TCP. Runs on the container's thread, which it never blocks: echoes go
 * out through the session's {@link BoundedSender}, which stops reading a client that does not
 * read its echoes, and closes it once more than the buffer limit waits for it or a frame is not
 * taken in time.
 */
class EchoWebSocketHandler extends AbstractWebSocketHandler {

	private static final String SENDER = BoundedSender.class.getName();

	private final WebSocketSessions sessions;

	private final WebSocketProperties properties;

	EchoWebSocketHandler(WebSocketSessions sessions, WebSocketProperties properties) {
		this.sessions = sessions;
		this.properties = properties;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws IOException {
		Session container = WebSocketSessions.container(session);
		if (container == null) {
			session.close(CloseStatus.SERVER_ERROR.withReason("no asynchronous send on this server"));
			return;
		}
		RemoteEndpoint.Async remote = container.getAsyncRemote();
		remote.setSendTimeout(this.properties.sendTimeLimit().toMillis());
		// Tomcat can stop reading a session: the back-pressure a client that does not read deserves
		WsSession tomcat = (container instanceof WsSession ws) ? ws : null;
		BoundedSender sender = new BoundedSender(remote, this.properties.bufferSizeLimit().toBytes(),
				reason -> this.sessions.closeSlow(session, reason), () -> {
					if (tomcat != null) {
						tomcat.suspend();
					}
				}, () -> {
					if (tomcat != null) {
						tomcat.resume();
					}
				});
		session.getAttributes().put(SENDER, sender);
		this.sessions.pingWith(session, sender::pingIfIdle);
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		send(session, message);
	}

	/** The container reuses the payload's buffer once this returns, and the echo is sent later: copy it. */
	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
		ByteBuffer payload = message.getPayload();
		ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
		send(session, new BinaryMessage(copy));
	}

	private static void send(WebSocketSession session, WebSocketMessage<?> message) {
		if (session.getAttributes().get(SENDER) instanceof BoundedSender sender) {
			sender.send(message);
		}
	}

}
