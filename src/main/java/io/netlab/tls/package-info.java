/**
 * TLS material: the certificate netlab generates, SSL contexts from it or from Spring Boot SSL
 * bundles, and its download endpoint.
 */
package io.netlab.tls;
