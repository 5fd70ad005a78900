package io.netlab.probe;

import java.nio.ByteBuffer;

/**
 * The 16-byte header a stamped UDP run writes over the start of each datagram's payload, and
 * reads back from the echo: magic {@code "NL"}, the run's tag, the datagram's sequence number
 * on its socket, and the {@link System#nanoTime()} it was sent at, all big-endian. The echo
 * carries the header back, so a reply says which datagram it answers whatever order it arrives
 * in, and its round trip needs no table of send times.
 */
final class Stamp {

	static final int BYTES = 16;

	private static final short MAGIC = 0x4E4C;

	private Stamp() {
	}

	/** Write the header at the start of {@code datagram} (its position and limit unchanged). */
	static void write(ByteBuffer datagram, short tag, int sequence, long sentNanos) {
		datagram.putShort(0, MAGIC).putShort(2, tag).putInt(4, sequence).putLong(8, sentNanos);
	}

	/** Whether the first {@code length} bytes of {@code datagram} start with this run's header. */
	static boolean isOurs(ByteBuffer datagram, int length, short tag) {
		return length >= BYTES && datagram.getShort(0) == MAGIC && datagram.getShort(2) == tag;
	}

	/** The sequence number (only after {@link #isOurs}); never negative for a datagram of this run. */
	static int sequence(ByteBuffer datagram) {
		return datagram.getInt(4);
	}

	static long sentNanos(ByteBuffer datagram) {
		return datagram.getLong(8);
	}

}
