package io.netlab.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;


/**
 * Reads and writes the PEM files of the generated certificate and its key.
 */
final class PemFiles {

	private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
		.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

	private PemFiles() {
	}

	static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** DER bytes as PEM text of this type ({@code CERTIFICATE}, {@code PRIVATE KEY}), lines of 64. */
	static String pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
	}

	/**
	 * Write through a new temporary file, renamed over the old one. A secret's file is created
	 * readable by its owner only, so no byte of it is ever readable by anyone else; a temporary
	 * file left over (perhaps with other permissions) is removed first, never reused.
	 */
	static void write(Path file, String content, boolean secret) throws IOException {
		Path temp = file.resolveSibling(file.getFileName() + ".tmp");
		Files.deleteIfExists(temp);
		Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		SeekableByteChannel channel;
		try {
			channel = secret ? Files.newByteChannel(temp, options, OWNER_ONLY) : Files.newByteChannel(temp, options);
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: the data directory's own permissions apply
			channel = Files.newByteChannel(temp, options);
		}
		try (SeekableByteChannel out = channel) {
			ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
			while (bytes.hasRemaining()) {
				out.write(bytes);
			}
		}
		Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
