package io.netlab.series;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/listeners/{name}/series}: a listener's recent traffic for the console's charts.
 */
@RestController
class SeriesController {

	private final ListenerSeries series;

	SeriesController(ListenerSeries series) {
		this.series = series;
	}

	@GetMapping(path = "/api/listeners/{name}/series", produces = MediaType.APPLICATION_JSON_VALUE)
	SeriesView series(@PathVariable String name) {
		return this.series.of(name);
	}

}
