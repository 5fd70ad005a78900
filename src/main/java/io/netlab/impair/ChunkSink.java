package io.netlab.impair;

/**
 * Where bytes of a TCP stream go next: the next impairment, or the connection.
 */
@FunctionalInterface
public interface ChunkSink {

	void send(Chunk chunk);

}
