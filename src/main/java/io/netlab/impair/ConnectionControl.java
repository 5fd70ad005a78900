package io.netlab.impair;

/**
 * What a TCP impairment may do to its connection besides passing bytes on.
 */
public interface ConnectionControl {

	/** Close the connection normally (FIN). */
	void close();

	/** Reset the connection: discard what is unsent and send RST (SO_LINGER 0). */
	void reset();

}
