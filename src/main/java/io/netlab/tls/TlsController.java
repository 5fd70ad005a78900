package io.netlab.tls;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the generated certificate, so a user can {@code curl} it and trust it.
 */
@RestController
class TlsController {

	private static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");

	private final GeneratedCertificate certificate;

	TlsController(GeneratedCertificate certificate) {
		this.certificate = certificate;
	}

	@GetMapping("/api/tls/certificate")
	ResponseEntity<String> certificate() {
		return ResponseEntity.ok().contentType(PEM).body(this.certificate.certificatePem());
	}

}
