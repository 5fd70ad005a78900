package io.netlab.events;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/events}: the most recent events from the hub's ring, filtered, newest last;
 * {@code limit} defaults to 100 and is capped at {@code netlab.events.buffer-size}.
 */
@RestController
@RequestMapping(path = "/api/events", produces = MediaType.APPLICATION_JSON_VALUE)
class EventsController {

	static final int DEFAULT_LIMIT = 100;

	private final EventHub hub;

	EventsController(EventHub hub) {
		this.hub = hub;
	}

	@GetMapping
	List<LabEvent> recent(@RequestParam(required = false) @Nullable String listener,
			@RequestParam(required = false) @Nullable String type,
			@RequestParam(required = false) @Nullable Integer limit) {
		int max = this.hub.bufferSize();
		int wanted = (limit != null) ? limit : Math.min(DEFAULT_LIMIT, max);
		if (wanted < 1) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be at least 1, was " + wanted);
		}
		EventFilter filter;
		try {
			filter = EventFilter.of(listener, type);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, ex.getMessage());
		}
		return this.hub.recent(filter, Math.min(wanted, max));
	}

}
