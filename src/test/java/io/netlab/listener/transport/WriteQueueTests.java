package io.netlab.listener.transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write queue on a real (non-blocking) pipe: bytes leave in order whatever mix of small and
 * large replies was queued and however little the pipe takes at a time, and the memory it
 * accounts is what it holds, small replies included.
 */
class WriteQueueTests {

	@Test
	void bytesLeaveInOrderHoweverLittleTheChannelTakes() throws Exception {
		Pipe pipe = Pipe.open();
		pipe.sink().configureBlocking(false);
		pipe.source().configureBlocking(false);
		WriteQueue queue = new WriteQueue(1 << 20, System.nanoTime());
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		Random random = new Random(42);
		ByteBuffer readBuffer = ByteBuffer.allocate(3000);
		long written = 0;
		for (int i = 0; i < 2000; i++) {
			byte[] reply = new byte[(random.nextInt(4) == 0) ? 1 + random.nextInt(20_000) : 1 + random.nextInt(40)];
			random.nextBytes(reply);
			expected.write(reply);
			queue.add(ByteBuffer.wrap(reply.clone()));
			if (random.nextInt(10) == 0) {
				written += queue.flushTo(pipe.sink());
				drain(pipe, readBuffer, received);
			}
		}
		while (!queue.isEmpty()) {
			written += queue.flushTo(pipe.sink());
			drain(pipe, readBuffer, received);
		}
		drain(pipe, readBuffer, received);
		assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
		assertThat(written).as("bytes the flushes said they wrote").isEqualTo(expected.size());
		assertThat(queue.heldBytes()).isZero();
		assertThat(queue.isEmpty()).isTrue();
	}

	@Test
	void aMillionOneByteRepliesAreAccountedAsTheChunksThatHoldThem() {
		WriteQueue queue = new WriteQueue(256 * 1024, System.nanoTime());
		for (int i = 0; i < 1_000_000; i++) {
			queue.add(ByteBuffer.wrap(new byte[] { 'x' }));
		}
		int chunks = (1_000_000 + WriteQueue.CHUNK - 1) / WriteQueue.CHUNK;
		assertThat(queue.heldBytes()).isEqualTo((long) chunks * (WriteQueue.CHUNK + WriteQueue.OVERHEAD));
		assertThat(queue.overHighWater()).isTrue();
		assertThat(queue.overSince()).isPositive();
	}

	@Test
	void largeRepliesAreAccountedByCapacityAndTheirOverhead() {
		WriteQueue queue = new WriteQueue(100_000, System.nanoTime());
		queue.add(ByteBuffer.allocate(50_000));
		assertThat(queue.heldBytes()).isEqualTo(50_000 + WriteQueue.OVERHEAD);
		assertThat(queue.overHighWater()).isFalse();
		queue.add(ByteBuffer.allocate(50_000));
		assertThat(queue.overHighWater()).isTrue();
	}

	private static void drain(Pipe pipe, ByteBuffer buffer, ByteArrayOutputStream into) throws Exception {
		int n;
		while ((n = pipe.source().read(buffer.clear())) > 0) {
			into.write(buffer.array(), 0, n);
		}
	}

}
