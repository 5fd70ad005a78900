package io.netlab.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON file under the data directory that a feature keeps its API-made state in. Every
 * write goes to a temporary file that is forced to disk and then renamed over the old one, so
 * a crash leaves the old file or the new one, never half of one. Callers serialize their writes.
 */
public final class JsonFile {

	private final Path file;

	private final JsonMapper json;

	public JsonFile(Path file, JsonMapper json) {
		this.file = file.toAbsolutePath();
		this.json = json;
	}

	public Path path() {
		return this.file;
	}

	/**
	 * The file's content, or null when there is no file yet.
	 * @throws IllegalStateException naming the file, if it cannot be read or is not such JSON
	 */
	public <T> @Nullable T read(Class<T> type) {
		if (!Files.exists(this.file)) {
			return null;
		}
		try {
			return this.json.readValue(Files.readAllBytes(this.file), type);
		}
		catch (IOException ex) {
			throw new IllegalStateException(this.file + " cannot be read (" + ex.getMessage() + ")", ex);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException(this.file + " is not valid JSON for netlab (" + ex.getOriginalMessage()
					+ "); fix or remove it", ex);
		}
	}

	/** Replace the file's content, atomically. */
	public void write(Object content) {
		try {
			Files.createDirectories(this.file.getParent());
			byte[] bytes = this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(content);
			Path temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer buffer = ByteBuffer.wrap(bytes);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			try {
				Files.move(temp, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, this.file, StandardCopyOption.REPLACE_EXISTING);
			}
			forceDirectory(this.file.getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(this.file + " cannot be written (" + ex.getMessage() + ")", ex);
		}
	}

	/** Make the rename itself durable; not every file system lets a directory be opened. */
	private static void forceDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// best effort: the file content itself was forced before the rename
		}
	}

}
