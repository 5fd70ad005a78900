package io.netlab.blackbox;

import java.util.List;

import io.netlab.listener.FieldProblem;
import io.netlab.probe.ProbeException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /probe?module=&target=}: blackbox_exporter's multi-target exporter endpoint. One
 * probe per request, its samples in the Prometheus text format; {@code debug=true} returns the
 * probe's log, the samples and the module instead. Honours Prometheus's scrape timeout header.
 */
@RestController
class BlackboxController {

	/** Left of the scrape timeout for the answer to reach Prometheus, as blackbox's timeout offset. */
	static final long TIMEOUT_OFFSET_MS = 500;

	private final ModuleRegistry modules;

	private final ModuleProber prober;

	BlackboxController(ModuleRegistry modules, ModuleProber prober) {
		this.modules = modules;
		this.prober = prober;
	}

	@GetMapping("/probe")
	ResponseEntity<String> probe(@RequestParam(required = false) @Nullable String module,
			@RequestParam(required = false) @Nullable String target, @RequestParam(defaultValue = "false") boolean debug,
			@RequestHeader(name = "X-Prometheus-Scrape-Timeout-Seconds", required = false) @Nullable Double scrapeTimeout) {
		if (module == null || module.isBlank()) {
			throw missing("module", "is required: a module name, such as tcp_connect (GET /api/probe-modules lists them)");
		}
		if (target == null || target.isBlank()) {
			throw missing("target", "is required: host:port, or a name for the dns module");
		}
		ProbeModule found = this.modules.find(module)
			.orElseThrow(() -> missing("module", "'" + module + "' is not a known module; GET /api/probe-modules lists them"));
		Long budget = (scrapeTimeout != null) ? Math.max(1, (long) (scrapeTimeout * 1000) - TIMEOUT_OFFSET_MS) : null;
		ProbeOutcome outcome = this.prober.probe(module, found, target, budget);
		String metrics = Exposition.write(outcome.samples());
		if (!debug) {
			return ResponseEntity.ok().contentType(MediaType.parseMediaType(Exposition.CONTENT_TYPE)).body(metrics);
		}
		String text = "Logs for the probe:\n" + String.join("\n", outcome.log()) + "\n\n\n\nMetrics that would have been returned:\n"
				+ metrics + "\n\n\nModule configuration:\n" + ModuleText.describe(found);
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(text);
	}

	private static ProbeException missing(String field, String message) {
		return ProbeException.invalid("The probe", List.of(new FieldProblem(field, message)));
	}

}
