/**
 * Scheduled monitors: a probe module or inline probe run against a target at an interval, stored
 * and restored at boot, with their state, recent results, {@code netlab_monitor_*} meters and
 * {@code MonitorStateChanged} events.
 */
package io.netlab.monitor;
