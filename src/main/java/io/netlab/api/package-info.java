/**
 * The HTTP surface shared by every feature: one table from exceptions to RFC 9457 problem
 * details, the API token and request guards (Spring Security), OpenAPI. Nothing depends on it.
 */
package io.netlab.api;
