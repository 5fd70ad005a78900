/**
 * Mesh mode: every netlab probes k of its peers over TCP, UDP and TLS, exports the results
 * as {@code netlab_mesh_*}, shows them at {@code /api/mesh}, and publishes when a path goes
 * down or up. Peers come from a static list or a headless Service's DNS name; there is no
 * cluster protocol of netlab's own.
 */
package io.netlab.mesh;
