package io.netlab.mesh;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/mesh}: this netlab's row of the mesh matrix. */
@RestController
class MeshController {

	private final MeshService mesh;

	MeshController(MeshService mesh) {
		this.mesh = mesh;
	}

	@GetMapping(path = "/api/mesh", produces = MediaType.APPLICATION_JSON_VALUE)
	MeshView mesh() {
		return this.mesh.view();
	}

}
