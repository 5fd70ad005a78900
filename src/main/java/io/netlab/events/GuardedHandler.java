package io.netlab.events;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Puts an endpoint's sessions under {@link WebSocketSessions}: a session over a cap is closed
 * with 1013 (try again later) before the endpoint sees it; every frame from the client, pongs
 * included, counts as a sign of life.
 */
class GuardedHandler extends WebSocketHandlerDecorator {

	private final WebSocketSessions sessions;

	private final WebSocketSessions.Endpoint endpoint;

	GuardedHandler(WebSocketSessions sessions, WebSocketSessions.Endpoint endpoint, WebSocketHandler delegate) {
		super(delegate);
		this.sessions = sessions;
		this.endpoint = endpoint;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		String refusal = this.sessions.admit(session, this.endpoint);
		if (refusal != null) {
			session.close(CloseStatus.SERVICE_OVERLOAD.withReason(refusal));
			return;
		}
		super.afterConnectionEstablished(session);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		this.sessions.heard(session);
		super.handleMessage(session, message);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		this.sessions.release(session);
		super.afterConnectionClosed(session, closeStatus);
	}

}
