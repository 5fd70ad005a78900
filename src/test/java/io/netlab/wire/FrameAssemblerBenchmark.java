package io.netlab.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of one connection's frame decoding (a {@link FrameAssembler} and its
 * {@link FrameDecoder}) without sockets: a stream of {@value #MESSAGES} messages is fed in reads as
 * the NIO transport feeds them, one frame per read or cut into 1000-byte reads that split frames
 * (and their headers and terminators) at awkward places. One operation is one message decoded.
 * <p>
 * RAW has no boundaries, so its frames are the reads: with 1000-byte reads the same bytes come out
 * as more, smaller frames, and an operation still counts one message's worth of bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FrameAssemblerBenchmark {

	static final int MESSAGES = 32;

	/** The default limit of a TCP listener. */
	private static final int MAX_MESSAGE_BYTES = 65536;

	/** The NIO transport's shared read buffer. */
	private static final int READ_BUFFER_BYTES = 64 * 1024;

	@Param({ "RAW", "LINE", "CRLF", "STX_ETX", "LENGTH_PREFIX" })
	public Framing framing;

	@Param({ "64", "1024", "16384", "65536" })
	public int messageBytes;

	/** {@code frame}: each read brings exactly one whole frame; a number: reads of that many bytes. */
	@Param({ "frame", "1000" })
	public String reads;

	private FrameAssembler assembler;

	/** The reads, in read mode; rewound (cleared) before each use. */
	private ByteBuffer[] chunks;

	@Setup
	public void setUp() {
		FrameCodec codec = new FrameCodec(this.framing, 4, MAX_MESSAGE_BYTES);
		this.assembler = codec.newAssembler(READ_BUFFER_BYTES);
		List<byte[]> frames = new ArrayList<>();
		for (int i = 0; i < MESSAGES; i++) {
			frames.add(frame(codec, payload(i)));
		}
		this.chunks = "frame".equals(this.reads) ? frames.stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new)
				: split(frames, Integer.parseInt(this.reads));
	}

	/** Letters only: no terminator, CR, STX or ETX inside a payload. */
	private byte[] payload(int seed) {
		byte[] payload = new byte[this.messageBytes];
		for (int i = 0; i < payload.length; i++) {
			payload[i] = (byte) ('a' + (seed + i) % 26);
		}
		return payload;
	}

	private static byte[] frame(FrameCodec codec, byte[] payload) {
		byte[] prefix = codec.prefix(payload.length);
		byte[] suffix = codec.suffix();
		byte[] frame = Arrays.copyOf(prefix, prefix.length + payload.length + suffix.length);
		System.arraycopy(payload, 0, frame, prefix.length, payload.length);
		System.arraycopy(suffix, 0, frame, prefix.length + payload.length, suffix.length);
		return frame;
	}

	private static ByteBuffer[] split(List<byte[]> frames, int readBytes) {
		ByteBuffer stream = ByteBuffer.allocate(frames.stream().mapToInt((frame) -> frame.length).sum());
		frames.forEach(stream::put);
		stream.flip();
		List<ByteBuffer> reads = new ArrayList<>();
		for (int at = 0; at < stream.limit(); at += readBytes) {
			reads.add(stream.slice(at, Math.min(readBytes, stream.limit() - at)));
		}
		return reads.toArray(ByteBuffer[]::new);
	}

	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public void decode(Blackhole frames) throws FramingException {
		FrameAssembler assembler = this.assembler;
		for (ByteBuffer read : this.chunks) {
			assembler.receive(read.clear());
			byte[] frame;
			while ((frame = assembler.next()) != null) {
				frames.consume(frame);
			}
		}
	}

}
