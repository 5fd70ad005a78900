/**
 * Sending test traffic: one-shot probes and load runs over TCP, UDP and TLS, the target
 * policy, DNS answers.
 */
package io.netlab.probe;
