package io.netlab.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netlab.wire.Framing;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTests {

	@Test
	void lineFramingCutsSeveralLinesFromOneReadAndStripsCarriageReturn() throws Exception {
		FrameDecoder decoder = new FrameCodec(Framing.LINE, 4, 100).newDecoder();
		assertThat(decodeAll(decoder, buffer("one\ntwo\r\nthr"))).containsExactly("one", "two");
	}

	@Test
	void lineFramingFindsATerminatorThatArrivesInALaterRead() throws Exception {
		FrameDecoder decoder = new FrameCodec(Framing.LINE, 4, 100).newDecoder();
		ByteBuffer in = ByteBuffer.allocate(64);
		in.put(bytes("hel")).flip();
		assertThat(decoder.decode(in)).isNull();
		in.compact().put(bytes("lo\n")).flip();
		assertThat(text(decoder.decode(in))).isEqualTo("hello");
	}

	@Test
	void crlfFramingKeepsABareLineFeedAsData() throws Exception {
		FrameDecoder decoder = new FrameCodec(Framing.CRLF, 4, 100).newDecoder();
		assertThat(decodeAll(decoder, buffer("a\nb\r\nc\r\n"))).containsExactly("a\nb", "c");
	}

	@Test
	void stxEtxFramingStripsItsMarkersAndRejectsDataOutsideAFrame() throws Exception {
		FrameDecoder decoder = new FrameCodec(Framing.STX_ETX, 4, 100).newDecoder();
		assertThat(decodeAll(decoder, buffer("\u0002x\u0003\u0002yz\u0003"))).containsExactly("x", "yz");
		assertThatThrownBy(() -> decoder.decode(buffer("oops\u0003"))).isInstanceOf(FramingException.class)
			.hasMessageContaining("expected STX");
	}

	@Test
	void lengthPrefixFramingReadsEachHeaderSize() throws Exception {
		for (int header : new int[] { 1, 2, 4 }) {
			FrameCodec codec = new FrameCodec(Framing.LENGTH_PREFIX, header, 200);
			byte[] frame = frame(codec, "payload");
			assertThat(frame).hasSize(header + 7);
			assertThat(decodeAll(codec.newDecoder(), ByteBuffer.wrap(concat(frame, frame)))).containsExactly("payload",
					"payload");
		}
	}

	@Test
	void lengthHeaderAnnouncingTwoGigabytesIsRejectedBeforeAnythingIsAllocated() {
		FrameDecoder decoder = new FrameCodec(Framing.LENGTH_PREFIX, 4, 65536).newDecoder();
		ByteBuffer in = ByteBuffer.wrap(new byte[] { 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2 });
		assertThatThrownBy(() -> decoder.decode(in)).isInstanceOfSatisfying(FramingException.class,
				ex -> assertThat(ex.isTooLarge()).isTrue())
			.hasMessageContaining("2147483647");
	}

	@Test
	void lineLongerThanTheLimitIsOversizeEvenWithoutATerminator() {
		FrameDecoder decoder = new FrameCodec(Framing.LINE, 4, 10).newDecoder();
		assertThatThrownBy(() -> decoder.decode(buffer("x".repeat(20)))).isInstanceOfSatisfying(
				FramingException.class, ex -> assertThat(ex.isTooLarge()).isTrue());
	}

	@Test
	void rawFramingTakesWhatIsThereUpToTheLimit() throws Exception {
		FrameDecoder decoder = new FrameCodec(Framing.RAW, 4, 4).newDecoder();
		assertThat(decodeAll(decoder, buffer("abcdef"))).containsExactly("abcd", "ef");
	}

	@Test
	void serializedFramesDecodeToTheSamePayload() throws Exception {
		for (Framing framing : Framing.values()) {
			FrameCodec codec = new FrameCodec(framing, 2, 100);
			byte[] frame = frame(codec, "round trip");
			assertThat(decodeAll(codec.newDecoder(), ByteBuffer.wrap(frame))).as(framing.wireName())
				.containsExactly("round trip");
		}
	}

	private static byte[] frame(FrameCodec codec, String payload) throws Exception {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		codec.serialize(bytes(payload), out);
		return out.toByteArray();
	}

	private static List<String> decodeAll(FrameDecoder decoder, ByteBuffer in) throws FramingException {
		List<String> frames = new ArrayList<>();
		byte[] frame;
		while ((frame = decoder.decode(in)) != null) {
			frames.add(text(frame));
		}
		return frames;
	}

	private static ByteBuffer buffer(String text) {
		return ByteBuffer.wrap(bytes(text));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
