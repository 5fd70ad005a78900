package io.netlab.events;

/**
 * The short, escaped preview of a payload that message events carry instead of the payload.
 * Printable ASCII stays as it is; {@code \n}, {@code \r}, {@code \t} and {@code \\} are escaped
 * as in Java, every other byte as {@code \xNN}. Never more than {@value #MAX_BYTES} payload
 * bytes, so an event stays small whatever was sent.
 */
public final class Preview {

	/** Payload bytes a preview shows at most. */
	public static final int MAX_BYTES = 64;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private Preview() {
	}

	public static String of(byte[] payload) {
		int length = Math.min(payload.length, MAX_BYTES);
		StringBuilder preview = new StringBuilder(length + 8);
		for (int i = 0; i < length; i++) {
			int b = payload[i] & 0xff;
			switch (b) {
				case '\n' -> preview.append("\\n");
				case '\r' -> preview.append("\\r");
				case '\t' -> preview.append("\\t");
				case '\\' -> preview.append("\\\\");
				default -> {
					if (b >= 0x20 && b < 0x7f) {
						preview.append((char) b);
					}
					else {
						preview.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
					}
				}
			}
		}
		return preview.toString();
	}

}
