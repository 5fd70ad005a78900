/**
 * Impairments: what makes a network bad on purpose (latency, loss, a reset peer ...), one class
 * per type behind one interface per protocol, in Toxiproxy's vocabulary. Knows nothing of
 * listeners: a listener hands its datagrams and messages through a chain built here.
 */
package io.netlab.impair;
