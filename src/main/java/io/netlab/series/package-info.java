/**
 * Recent traffic of each listener as time series (messages and bytes per second, open
 * connections), sampled from the listeners' counters for the console's live charts.
 */
package io.netlab.series;
