/**
 * The listeners: their model ({@code ListenerSpec}), lifecycle service and store, the Spring
 * Integration flows, access rules and UDP policy, traffic counters and connection records. Owns
 * what a listener is; the bytes on the wire belong to {@code wire} and {@code listener.transport}.
 */
package io.netlab.listener;
