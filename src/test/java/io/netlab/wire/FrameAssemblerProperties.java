package io.netlab.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Property-based fuzzing of every framing through the one {@link FrameAssembler}: a stream of
 * frames decodes to the same frames however it is split into reads, and garbage never makes it
 * throw anything but {@link FramingException} nor hold more than a frame plus one read; one
 * assembler can serve several connections in turn, handing over incomplete frames.
 */
class FrameAssemblerProperties {

	private static final int MAX = 64;

	private static final int READ = 32;

	@Property(tries = 300)
	void framesDecodeTheSameHoweverTheStreamIsSplit(@ForAll("framed") Framed framed,
			@ForAll @Size(max = 40) List<@IntRange(min = 1, max = READ) Integer> cuts) throws Exception {
		FrameCodec codec = framed.codec();
		List<byte[]> decoded = feed(codec.newAssembler(READ), wire(codec, framed.payloads()), cuts);
		assertThat(decoded).containsExactlyElementsOf(framed.payloads());
	}

	/**
	 * As a NIO loop uses it: one assembler cuts the frames of two connections whose reads
	 * interleave, and a connection whose read left an incomplete frame gets it handed over into an
	 * assembler of its own (decoder progress included) until the frame completes.
	 */
	@Property(tries = 300)
	void oneAssemblerServesInterleavedStreamsByHandingOverIncompleteFrames(@ForAll("framed") Framed framed,
			@ForAll @Size(max = 40) List<@IntRange(min = 1, max = READ) Integer> cuts) throws Exception {
		FrameCodec codec = framed.codec();
		List<byte[]> reversed = new ArrayList<>(framed.payloads());
		Collections.reverse(reversed);
		byte[][] wires = { wire(codec, framed.payloads()), wire(codec, reversed) };
		FrameAssembler loops = codec.newAssembler(READ);
		FrameAssembler[] own = new FrameAssembler[2];
		List<List<byte[]>> decoded = List.of(new ArrayList<>(), new ArrayList<>());
		int[] at = new int[2];
		int cut = 0;
		while (at[0] < wires[0].length || at[1] < wires[1].length) {
			for (int c = 0; c < 2; c++) {
				if (at[c] == wires[c].length) {
					continue;
				}
				int n = Math.min(wires[c].length - at[c], cuts.isEmpty() ? READ : cuts.get(cut++ % cuts.size()));
				FrameAssembler frames = (own[c] != null) ? own[c] : loops;
				frames.receive(ByteBuffer.wrap(wires[c].clone(), at[c], n));
				at[c] += n;
				byte[] frame;
				while ((frame = frames.next()) != null) {
					decoded.get(c).add(frame);
				}
				if (frames == loops) {
					own[c] = loops.hasPartial() ? loops.handOver(codec.newDecoder()) : null;
				}
				else if (!frames.hasPartial()) {
					own[c] = null;
				}
				assertThat(loops.hasPartial()).isFalse();
			}
		}
		assertThat(own).containsOnlyNulls();
		assertThat(decoded.get(0)).containsExactlyElementsOf(framed.payloads());
		assertThat(decoded.get(1)).containsExactlyElementsOf(reversed);
	}

	private static byte[] wire(FrameCodec codec, List<byte[]> payloads) {
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		for (byte[] payload : payloads) {
			for (ByteBuffer part : codec.encode(payload)) {
				wire.write(part.array(), part.position(), part.remaining());
			}
		}
		return wire.toByteArray();
	}

	@Property(tries = 200)
	void rawFramingPassesEveryByteThroughInOrder(@ForAll @Size(max = 300) byte[] stream,
			@ForAll @Size(max = 40) List<@IntRange(min = 1, max = READ) Integer> cuts) throws Exception {
		List<byte[]> decoded = feed(new FrameCodec(Framing.RAW, 4, MAX).newAssembler(READ), stream, cuts);
		ByteArrayOutputStream joined = new ByteArrayOutputStream();
		for (byte[] frame : decoded) {
			assertThat(frame.length).isBetween(1, MAX);
			joined.write(frame);
		}
		assertThat(joined.toByteArray()).isEqualTo(stream);
	}

	@Property(tries = 500)
	void garbageOnlyEverFailsAsFramingAndNeverHoldsMoreThanAFrameAndARead(@ForAll("codecs") FrameCodec codec,
			@ForAll @Size(max = 400) byte[] garbage,
			@ForAll @Size(max = 40) List<@IntRange(min = 1, max = READ) Integer> cuts) {
		FrameAssembler assembler = codec.newAssembler(READ);
		int bound = codec.maxFrameBytes() + READ;
		assertThatCode(() -> {
			try {
				int at = 0;
				int cut = 0;
				while (at < garbage.length) {
					int n = Math.min(garbage.length - at, cuts.isEmpty() ? READ : cuts.get(cut++ % cuts.size()));
					assembler.receive(ByteBuffer.wrap(garbage, at, n));
					at += n;
					byte[] frame;
					while ((frame = assembler.next()) != null) {
						assertThat(frame.length).isLessThanOrEqualTo(MAX);
					}
					assertThat(assembler.retainedBytes()).isLessThanOrEqualTo(bound);
				}
			}
			catch (FramingException expected) {
				// the codec's own error: the connection would be closed
			}
		}).doesNotThrowAnyException();
	}

	@Property(tries = 50)
	void aHugeLengthHeaderFailsFromTheHeaderAlone(@ForAll @IntRange(min = MAX + 1) int announced) {
		FrameAssembler assembler = new FrameCodec(Framing.LENGTH_PREFIX, 4, MAX).newAssembler(READ);
		assembler.receive(ByteBuffer.allocate(4).putInt(announced).flip());
		try {
			assembler.next();
			throw new AssertionError("a header announcing " + announced + " bytes was accepted");
		}
		catch (FramingException ex) {
			assertThat(ex.isTooLarge()).isTrue();
			assertThat(assembler.retainedBytes()).isLessThanOrEqualTo(4 + READ);
		}
	}

	private static List<byte[]> feed(FrameAssembler assembler, byte[] stream, List<Integer> cuts)
			throws FramingException {
		List<byte[]> frames = new ArrayList<>();
		int at = 0;
		int cut = 0;
		while (at < stream.length) {
			int n = Math.min(stream.length - at, cuts.isEmpty() ? READ : cuts.get(cut++ % cuts.size()));
			// a fresh array each read, as a reused read buffer would be overwritten
			assembler.receive(ByteBuffer.wrap(stream.clone(), at, n));
			at += n;
			byte[] frame;
			while ((frame = assembler.next()) != null) {
				frames.add(frame);
			}
		}
		assertThat(assembler.hasPartial()).isFalse();
		return frames;
	}

	@Provide
	Arbitrary<FrameCodec> codecs() {
		return Arbitraries.of(new FrameCodec(Framing.RAW, 4, MAX), new FrameCodec(Framing.LINE, 4, MAX),
				new FrameCodec(Framing.CRLF, 4, MAX), new FrameCodec(Framing.STX_ETX, 4, MAX),
				new FrameCodec(Framing.LENGTH_PREFIX, 1, MAX), new FrameCodec(Framing.LENGTH_PREFIX, 2, MAX),
				new FrameCodec(Framing.LENGTH_PREFIX, 4, MAX));
	}

	@Provide
	Arbitrary<Framed> framed() {
		return codecs().filter(codec -> codec.framing() != Framing.RAW).flatMap(codec -> payload(codec.framing())
			.list()
			.ofMaxSize(12)
			.map(payloads -> new Framed(codec, payloads)));
	}

	/** Payloads the framing can carry: no terminator (nor a trailing CR) inside a terminated frame. */
	private static Arbitrary<byte[]> payload(Framing framing) {
		Arbitrary<Byte> bytes = switch (framing) {
			case LINE, CRLF -> Arbitraries.bytes().filter(b -> b != '\n' && b != '\r');
			case STX_ETX -> Arbitraries.bytes().filter(b -> b != 0x03);
			default -> Arbitraries.bytes();
		};
		return bytes.array(byte[].class).ofMaxSize(MAX).filter(p -> framing == Framing.LENGTH_PREFIX || p.length > 0
				|| framing != Framing.STX_ETX);
	}

	record Framed(FrameCodec codec, List<byte[]> payloads) {
	}

}
