/**
 * A blackbox_exporter-compatible {@code GET /probe}: probe modules (built in, configured and
 * made at runtime over {@code /api/probe-modules}), the prober that runs one, and its Prometheus
 * text output with blackbox_exporter's metric names.
 */
package io.netlab.blackbox;
