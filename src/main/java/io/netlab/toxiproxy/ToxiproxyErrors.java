package io.netlab.toxiproxy;

import java.util.Map;

import io.netlab.listener.ListenerException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the Toxiproxy API in Toxiproxy's own shape, {@code {"error": "...", "status": 404}},
 * which its clients read; the rest of netlab answers problem+json.
 */
@RestControllerAdvice(assignableTypes = ToxiproxyController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ToxiproxyErrors {

	@ExceptionHandler(ListenerException.class)
	ResponseEntity<Map<String, Object>> listenerFailed(ListenerException ex) {
		return error(ex.status().value(), ex.getMessage());
	}

	@ExceptionHandler(ToxiproxyException.class)
	ResponseEntity<Map<String, Object>> toxiproxyFailed(ToxiproxyException ex) {
		return error(ex.status().value(), ex.getMessage());
	}

	@ExceptionHandler({ HttpMessageNotReadableException.class, tools.jackson.core.JacksonException.class,
			IllegalArgumentException.class })
	ResponseEntity<Map<String, Object>> unreadable(Exception ex) {
		return error(400, "bad request: " + ex.getMessage());
	}

	private static ResponseEntity<Map<String, Object>> error(int status, String message) {
		return ResponseEntity.status(status).body(Map.of("error", message, "status", status));
	}

}
