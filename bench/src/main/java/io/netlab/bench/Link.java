package io.netlab.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** How the TCP client moves a request and its echo over one non-blocking connection: plain or TLS. */
interface Link {

	/**
	 * Write what the socket takes of {@code src} (and of anything still pending from earlier
	 * calls); true when nothing is left to write, false when the caller must wait for OP_WRITE
	 * and call again.
	 */
	boolean write(ByteBuffer src) throws IOException;

	/** Read what is there into {@code dst}: the number of bytes, 0 if none, -1 at end of stream. */
	int read(ByteBuffer dst) throws IOException;

	/** Close the connection (TLS: after a close_notify, so the server sees an orderly close). */
	void close();

	static Link plain(SocketChannel channel) {
		return new Link() {

			@Override
			public boolean write(ByteBuffer src) throws IOException {
				channel.write(src);
				return !src.hasRemaining();
			}

			@Override
			public int read(ByteBuffer dst) throws IOException {
				return channel.read(dst);
			}

			@Override
			public void close() {
				closeQuietly(channel);
			}

		};
	}

	static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
