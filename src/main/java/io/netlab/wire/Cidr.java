package io.netlab.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}; immutable.
 *
 * @param network the range's first address, host bits cleared
 * @param prefixLength how many leading bits an address must share with it
 * @param text the range as written in configuration
 */
public record Cidr(byte[] network, int prefixLength, String text) {

	/** Only literals: parsing a range must never start a DNS lookup. */
	private static final Pattern LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

	public static Cidr parse(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String literal = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
		if (!LITERAL.matcher(literal).matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a CIDR range such as 10.0.0.0/8 or fc00::/7");
		}
		byte[] address;
		try {
			address = InetAddress.getByName(literal).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a CIDR range: " + ex.getMessage());
		}
		int bits = address.length * 8;
		int prefix;
		try {
			prefix = (slash >= 0) ? Integer.parseInt(trimmed.substring(slash + 1)) : bits;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
		}
		if (prefix < 0 || prefix > bits) {
			throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
		}
		for (int i = 0; i < address.length; i++) {
			address[i] &= mask(prefix, i);
		}
		return new Cidr(address, prefix, trimmed);
	}

	public boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		if (candidate.length != this.network.length) {
			return false;
		}
		for (int i = 0; i < candidate.length; i++) {
			if ((candidate[i] & mask(this.prefixLength, i)) != (this.network[i] & 0xff)) {
				return false;
			}
		}
		return true;
	}

	/** The mask of byte {@code index} for a prefix of {@code prefix} bits, as an int 0..255. */
	private static int mask(int prefix, int index) {
		int bitsInByte = Math.max(0, Math.min(8, prefix - index * 8));
		return (0xff << (8 - bitsInByte)) & 0xff;
	}

	@Override
	public String toString() {
		return this.text;
	}

}
