package io.netlab.events;

import java.io.IOException;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * A WebSocket echo peer at {@code /ws/echo}: every text or binary message comes back as it was,
 * as RFC 862 echo does for TCP. Runs on the container's thread for the session, which delivers
 * one message at a time, so this is the only sender of its session and may send directly; a
 * client that does not read its echoes slows only itself.
 */
class EchoWebSocketHandler extends AbstractWebSocketHandler {

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
		session.sendMessage(message);
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
		session.sendMessage(message);
	}

}
