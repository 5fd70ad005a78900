package io.netlab.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few ASN.1 DER encodings a self-signed X.509 certificate needs (X.690), so that netlab
 * needs no 10 MB cryptography library for it: the JDK signs, parses and checks the result.
 */
final class Der {

	static final int BOOLEAN = 0x01;

	static final int INTEGER = 0x02;

	static final int BIT_STRING = 0x03;

	static final int OCTET_STRING = 0x04;

	static final int OID = 0x06;

	static final int UTF8_STRING = 0x0c;

	static final int UTC_TIME = 0x17;

	static final int GENERALIZED_TIME = 0x18;

	static final int SEQUENCE = 0x30;

	static final int SET = 0x31;

	private Der() {
	}

	/** A tag, its length and its content. */
	static byte[] tlv(int tag, byte[]... parts) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			content.writeBytes(part);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(tag);
		int length = content.size();
		if (length < 0x80) {
			out.write(length);
		}
		else {
			int bytes = (length > 0xffff) ? 3 : (length > 0xff) ? 2 : 1;
			out.write(0x80 | bytes);
			for (int i = bytes - 1; i >= 0; i--) {
				out.write(length >>> (8 * i));
			}
		}
		out.writeBytes(content.toByteArray());
		return out.toByteArray();
	}

	static byte[] sequence(byte[]... parts) {
		return tlv(SEQUENCE, parts);
	}

	/** An object identifier such as {@code 2.5.29.17}. */
	static byte[] oid(String dotted) {
		String[] arcs = dotted.split("\\.");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(40 * Integer.parseInt(arcs[0]) + Integer.parseInt(arcs[1]));
		for (int i = 2; i < arcs.length; i++) {
			long arc = Long.parseLong(arcs[i]);
			int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
			for (int g = groups - 1; g >= 0; g--) {
				out.write((int) ((arc >>> (7 * g)) & 0x7f) | ((g > 0) ? 0x80 : 0));
			}
		}
		return tlv(OID, out.toByteArray());
	}

	static byte[] utf8(String text) {
		return tlv(UTF8_STRING, text.getBytes(StandardCharsets.UTF_8));
	}

	/** UTCTime up to 2049, GeneralizedTime from 2050 on, as RFC 5280 asks. */
	static byte[] time(ZonedDateTime at) {
		ZonedDateTime utc = at.withZoneSameInstant(ZoneOffset.UTC);
		boolean utcTime = utc.getYear() < 2050;
		String text = utc.format(DateTimeFormatter.ofPattern(utcTime ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'"));
		return tlv(utcTime ? UTC_TIME : GENERALIZED_TIME, text.getBytes(StandardCharsets.US_ASCII));
	}

	/** A bit string whose bits fill whole bytes. */
	static byte[] bits(byte[] bytes) {
		return tlv(BIT_STRING, new byte[] { 0 }, bytes);
	}

}
