package io.netlab.toxiproxy;

import org.springframework.http.HttpStatus;

/**
 * A request to the Toxiproxy API that is the caller's to fix, answered in Toxiproxy's shape.
 */
class ToxiproxyException extends RuntimeException {

	private final HttpStatus status;

	ToxiproxyException(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	HttpStatus status() {
		return this.status;
	}

}
