package io.netlab.impair;

/**
 * One UDP impairment: passes each datagram on to the next sink now, later, twice, changed or
 * not at all. Called on the receive thread, or on the scheduler's thread for what an earlier
 * impairment delayed; never blocks.
 */
interface DatagramImpairment {

	void apply(Datagram datagram, DatagramSink next);

}
