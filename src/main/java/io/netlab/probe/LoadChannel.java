package io.netlab.probe;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;

import org.jspecify.annotations.Nullable;

/**
 * One connection (TCP) or socket (UDP) of a load run: sends the payload, waits for the reply,
 * and does it again while the run hands out messages. Owned by one {@link LoadLoop} and touched
 * only on its thread, so it needs no locks.
 */
abstract sealed class LoadChannel permits TcpLoadChannel, UdpLoadChannel, StampedUdpChannel {

	final LoadLoop loop;

	/** Replies this channel got (and that matched {@code expect}). */
	long messages;

	/** When the message being waited for was sent (or the connect started), or -1 if none is. */
	long sentAt = -1;

	private boolean done;

	LoadChannel(LoadLoop loop) {
		this.loop = loop;
	}

	/** Open the socket and start; a failure is recorded and ends this channel. */
	abstract void open();

	/** The selector says this channel's socket is ready. */
	abstract void ready(SelectionKey key) throws IOException;

	/** The message being waited for took longer than the timeout. */
	abstract void timedOut();

	abstract void closeSocket();

	/**
	 * An open-loop channel sends what is due by {@code now} and says when it next needs the
	 * loop; others need no pacing.
	 * @return nanoseconds until it needs the loop again, or {@link Long#MAX_VALUE}
	 */
	long pace(long now) {
		return Long.MAX_VALUE;
	}

	final void checkTimeout(long now) {
		if (!this.done && this.sentAt >= 0 && now - this.sentAt > this.loop.timeoutNanos) {
			timedOut();
		}
	}

	/** A reply came {@code latencyNanos} after its message; a mismatch counts as an error, not a message. */
	final void replied(long latencyNanos, byte[] reply) {
		this.sentAt = -1;
		Expect expect = this.loop.expect;
		if (expect != null && !expect.matches(ProbeResult.text(reply))) {
			this.loop.error(ProbeError.MISMATCH);
			return;
		}
		this.messages++;
		this.loop.replied(latencyNanos);
	}

	/** The channel cannot go on: count the error and close it. */
	final void fail(ProbeError error) {
		if (!this.done) {
			this.loop.error(error);
			finish();
		}
	}

	/** No more messages for this channel (count reached, failure, or the run ended). */
	final void finish() {
		if (!this.done) {
			this.done = true;
			this.sentAt = -1;
			closeSocket();
			this.loop.channelFinished();
		}
	}

	/** Close a socket after the run, when a failure to close has nothing left to report. */
	static void closeQuietly(@Nullable Channel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// closing after the run: nothing to report
			}
		}
	}

	final boolean isDone() {
		return this.done;
	}

}
