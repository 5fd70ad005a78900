package io.netlab.bench;

/**
 * How a request goes on the wire. The echo of a request is byte for byte the request itself
 * in every framing (raw: the bytes; line: payload + LF; length-prefix: 4-byte big-endian
 * length + payload), so the client compares the reply with what it sent.
 */
enum Wire {

	RAW("raw"), LINE("line"), LENGTH_PREFIX("length-prefix");

	final String wireName;

	Wire(String wireName) {
		this.wireName = wireName;
	}

	/** A request frame carrying {@code payloadBytes} of printable filler (never LF). */
	byte[] frame(int payloadBytes) {
		int offset = payloadOffset();
		int total = offset + payloadBytes + ((this == LINE) ? 1 : 0);
		byte[] frame = new byte[total];
		for (int i = 0; i < payloadBytes; i++) {
			frame[offset + i] = (byte) ('A' + (i % 26));
		}
		if (this == LINE) {
			frame[total - 1] = '\n';
		}
		if (this == LENGTH_PREFIX) {
			frame[0] = (byte) (payloadBytes >>> 24);
			frame[1] = (byte) (payloadBytes >>> 16);
			frame[2] = (byte) (payloadBytes >>> 8);
			frame[3] = (byte) payloadBytes;
		}
		return frame;
	}

	int payloadOffset() {
		return (this == LENGTH_PREFIX) ? 4 : 0;
	}

	/**
	 * Write a message number into the payload (up to 8 letters 'a'..'p', never LF), so that a
	 * reply to an earlier message, or bytes from another connection, cannot pass as the echo.
	 */
	void stamp(byte[] frame, int payloadBytes, long seq) {
		int offset = payloadOffset();
		int n = Math.min(8, payloadBytes);
		for (int i = 0; i < n; i++) {
			frame[offset + i] = (byte) ('a' + ((seq >>> (4 * i)) & 15));
		}
	}

}
