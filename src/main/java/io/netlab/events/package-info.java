/**
 * What happened in the lab: event records (past tense), the hub that fans them out, the ring
 * buffer behind {@code GET /api/events} and the WebSocket feed. Producers publish; consumers
 * never block them.
 */
package io.netlab.events;
