package io.netlab.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import io.netlab.wire.Framing;
import org.jspecify.annotations.Nullable;

import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;

/**
 * One listener's framing: makes a {@link FrameAssembler} (a {@link FrameDecoder} and its
 * bounded buffer) per connection and frames replies. Decoding is done in bulk by the
 * transports (never a read per byte); the stream-based {@link Deserializer} side exists only to
 * satisfy the connection factory contract.
 */
public final class FrameCodec implements Serializer<byte[]>, Deserializer<byte[]> {

	private static final byte LF = '\n';

	private static final byte CR = '\r';

	private static final byte STX = 0x02;

	private static final byte ETX = 0x03;

	private static final byte[] LF_BYTES = { LF };

	private static final byte[] CRLF_BYTES = { CR, LF };

	private static final byte[] STX_BYTES = { STX };

	private static final byte[] ETX_BYTES = { ETX };

	private static final byte[] NONE = {};

	private final Framing framing;

	private final int headerBytes;

	private final int maxMessageBytes;

	public FrameCodec(Framing framing, int lengthHeaderBytes, int maxMessageBytes) {
		this.framing = framing;
		this.headerBytes = lengthHeaderBytes;
		this.maxMessageBytes = maxMessageBytes;
	}

	public Framing framing() {
		return this.framing;
	}

	public int maxMessageBytes() {
		return this.maxMessageBytes;
	}

	/**
	 * True when frames are found by scanning for a terminator: its decoder reads the bytes
	 * through the buffer's array, so it must be given heap buffers; the others take any buffer.
	 */
	public boolean scansForTerminator() {
		return this.framing == Framing.LINE || this.framing == Framing.CRLF || this.framing == Framing.STX_ETX;
	}

	/** The largest number of bytes a complete frame can take on the wire. */
	public int maxFrameBytes() {
		return this.maxMessageBytes + switch (this.framing) {
			case RAW -> 0;
			case LINE, CRLF, STX_ETX -> 2;
			case LENGTH_PREFIX -> this.headerBytes;
		};
	}

	/** The decoder and bounded buffer of one connection, which reads into buffers of {@code readBufferBytes}. */
	public FrameAssembler newAssembler(int readBufferBytes) {
		return new FrameAssembler(newDecoder(), maxFrameBytes(), readBufferBytes);
	}

	public FrameDecoder newDecoder() {
		return switch (this.framing) {
			case RAW -> new RawDecoder(this.maxMessageBytes);
			case LINE -> new TerminatorDecoder(this.maxMessageBytes, false, false);
			case CRLF -> new TerminatorDecoder(this.maxMessageBytes, true, false);
			case STX_ETX -> new TerminatorDecoder(this.maxMessageBytes, false, true);
			case LENGTH_PREFIX -> new LengthPrefixDecoder(this.headerBytes, this.maxMessageBytes);
		};
	}

	/** What goes on the wire before the payload. */
	public byte[] prefix(int payloadLength) {
		return switch (this.framing) {
			case RAW, LINE, CRLF -> NONE;
			case STX_ETX -> STX_BYTES;
			case LENGTH_PREFIX -> lengthHeader(payloadLength);
		};
	}

	/** What goes on the wire after the payload. */
	public byte[] suffix() {
		return switch (this.framing) {
			case RAW, LENGTH_PREFIX -> NONE;
			case LINE -> LF_BYTES;
			case CRLF -> CRLF_BYTES;
			case STX_ETX -> ETX_BYTES;
		};
	}

	/** The reply on the wire, ready for a gathering write: just the payload, or prefix, payload and suffix. */
	public ByteBuffer[] encode(byte[] payload) {
		byte[] prefix = prefix(payload.length);
		byte[] suffix = suffix();
		if (prefix.length == 0 && suffix.length == 0) {
			return new ByteBuffer[] { ByteBuffer.wrap(payload) };
		}
		if (prefix.length == 0) {
			return new ByteBuffer[] { ByteBuffer.wrap(payload), ByteBuffer.wrap(suffix) };
		}
		if (suffix.length == 0) {
			return new ByteBuffer[] { ByteBuffer.wrap(prefix), ByteBuffer.wrap(payload) };
		}
		return new ByteBuffer[] { ByteBuffer.wrap(prefix), ByteBuffer.wrap(payload), ByteBuffer.wrap(suffix) };
	}

	private byte[] lengthHeader(int length) {
		byte[] header = new byte[this.headerBytes];
		for (int i = this.headerBytes - 1, value = length; i >= 0; i--, value >>>= 8) {
			header[i] = (byte) value;
		}
		return header;
	}

	@Override
	public void serialize(byte[] payload, OutputStream out) throws IOException {
		byte[] prefix = prefix(payload.length);
		if (prefix.length > 0) {
			out.write(prefix);
		}
		out.write(payload);
		byte[] suffix = suffix();
		if (suffix.length > 0) {
			out.write(suffix);
		}
	}

	@Override
	public byte[] deserialize(java.io.InputStream in) throws IOException {
		throw new IOException("netlab transports decode frames in bulk; stream decoding is not used");
	}

	private static byte[] take(ByteBuffer in, int length, int skipAfter) {
		byte[] frame = new byte[length];
		in.get(frame);
		in.position(in.position() + skipAfter);
		return frame;
	}

	/** Raw: everything received so far is one message, cut at the limit. */
	private record RawDecoder(int max) implements FrameDecoder {

		@Override
		public byte @Nullable [] decode(ByteBuffer in) {
			int n = Math.min(in.remaining(), this.max);
			return (n == 0) ? null : take(in, n, 0);
		}

	}

	/** LF or CRLF lines, or STX...ETX frames: scans the array for the terminator. */
	private static final class TerminatorDecoder implements FrameDecoder {

		private final int max;

		private final boolean crlfOnly;

		private final boolean stxEtx;

		/** Bytes after the buffer's position already scanned without finding a terminator. */
		private int scanned;

		TerminatorDecoder(int max, boolean crlfOnly, boolean stxEtx) {
			this.max = max;
			this.crlfOnly = crlfOnly;
			this.stxEtx = stxEtx;
		}

		@Override
		public byte @Nullable [] decode(ByteBuffer in) throws FramingException {
			int start = in.position();
			int end = in.limit();
			if (start == end) {
				return null;
			}
			byte[] array = in.array();
			int offset = in.arrayOffset();
			int bodyStart = start;
			if (this.stxEtx) {
				if (array[offset + start] != STX) {
					throw FramingException.malformed(String.format(
							"expected STX (0x02) at the start of a frame, got 0x%02x", array[offset + start] & 0xff));
				}
				bodyStart++;
			}
			byte terminator = this.stxEtx ? ETX : LF;
			int from = Math.max(bodyStart, start + this.scanned);
			for (int i = from; i < end; i++) {
				if (array[offset + i] == terminator) {
					int bodyEnd = i;
					if (!this.stxEtx && bodyEnd > bodyStart && array[offset + bodyEnd - 1] == CR) {
						bodyEnd--;
					}
					else if (this.crlfOnly) {
						continue; // a bare LF is data in CRLF framing
					}
					int length = bodyEnd - bodyStart;
					if (length > this.max) {
						throw FramingException.tooLarge(length, this.max);
					}
					this.scanned = 0;
					in.position(bodyStart);
					return take(in, length, i + 1 - bodyEnd);
				}
			}
			this.scanned = end - start;
			if (end - bodyStart > this.max + 1) {
				throw FramingException.noTerminator(this.max);
			}
			return null;
		}

	}

	/** A big-endian length header, then exactly that many bytes. */
	private record LengthPrefixDecoder(int headerBytes, int max) implements FrameDecoder {

		@Override
		public byte @Nullable [] decode(ByteBuffer in) throws FramingException {
			if (in.remaining() < this.headerBytes) {
				return null;
			}
			long length = length(in);
			if (length > this.max) {
				throw FramingException.tooLarge(length, this.max);
			}
			if (in.remaining() < this.headerBytes + length) {
				return null;
			}
			in.position(in.position() + this.headerBytes);
			return take(in, (int) length, 0);
		}

		private long length(ByteBuffer in) {
			long length = 0;
			for (int i = 0; i < this.headerBytes; i++) {
				length = (length << 8) | (in.get(in.position() + i) & 0xff);
			}
			return length;
		}

	}

}
