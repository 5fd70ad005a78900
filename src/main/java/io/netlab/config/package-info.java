/**
 * Settings shared by several features ({@code netlab.data-dir}); each feature binds its own
 * keys in a properties record of its own.
 */
package io.netlab.config;
