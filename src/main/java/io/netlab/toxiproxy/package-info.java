/**
 * netlab as a Toxiproxy: Toxiproxy 2.x's HTTP API ({@code /version}, {@code /proxies},
 * {@code /reset}, {@code /populate}) over forward listeners and their impairments, so that
 * Toxiproxy's clients work unchanged.
 */
package io.netlab.toxiproxy;
