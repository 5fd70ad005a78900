/**
 * Micrometer meters and Actuator health and info for the listeners, read from their live
 * counters and transport health.
 */
package io.netlab.metrics;
