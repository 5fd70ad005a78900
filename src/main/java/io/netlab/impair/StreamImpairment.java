package io.netlab.impair;

/**
 * One TCP impairment of one connection, as one of Toxiproxy's toxics: passes each chunk on to
 * the next sink now, later, in slices, or not at all, keeping their order. Called on the
 * connection's reading thread, or on the scheduler's for what an earlier impairment delayed;
 * never blocks.
 */
interface StreamImpairment {

	void apply(Chunk chunk, ChunkSink next);

	/** The impairment starts acting on the connection: when it opens, or when the impairment is added. */
	default void start() {
	}

	/** The connection closed or the impairment was removed: cancel what is pending. */
	default void stop() {
	}

	/** How long the close of this stream is held back ({@code slow_close}); 0 for most. */
	default long closeDelayMs() {
		return 0;
	}

}
