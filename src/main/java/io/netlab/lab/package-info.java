/**
 * The declarative lab: everything a user made over the API (listeners, probe modules,
 * monitors) as one document, exported, applied all-or-nothing, and read from a file.
 */
package io.netlab.lab;
