package io.netlab.listener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import io.netlab.config.NetlabProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Keeps the API-created listeners and whether each should run in {@code listeners.json} under
 * the data directory. Every write goes to a temporary file that is forced to disk and then
 * renamed over the old one, so a crash leaves the old file or the new one, never half of one.
 */
@Component
class ListenerStore {

	static final String FILE_NAME = "listeners.json";

	private final Path file;

	private final JsonMapper json;

	ListenerStore(NetlabProperties properties, JsonMapper json) {
		this.file = properties.dataDir().resolve(FILE_NAME).toAbsolutePath();
		this.json = json;
	}

	Path file() {
		return this.file;
	}

	/**
	 * One stored listener.
	 *
	 * @param spec its spec
	 * @param running whether the user wants it running
	 */
	record Entry(ListenerSpec spec, boolean running) {
	}

	/** The file's content: a version, so that a later netlab can read what this one wrote. */
	record Content(int version, List<Entry> listeners) {
	}

	/** The stored listeners; none when there is no file yet. */
	List<Entry> load() {
		if (!Files.exists(this.file)) {
			return List.of();
		}
		try {
			Content content = this.json.readValue(Files.readAllBytes(this.file), Content.class);
			if (content == null || content.listeners() == null) {
				throw new ListenerStoreException(this.file, "it has no \"listeners\" array", null);
			}
			return content.listeners();
		}
		catch (IOException ex) {
			throw new ListenerStoreException(this.file, "it cannot be read (" + ex.getMessage() + ")", ex);
		}
		catch (JacksonException ex) {
			throw new ListenerStoreException(this.file, "it is not valid listener JSON (" + ex.getOriginalMessage() + ")",
					ex);
		}
	}

	/** Replace the stored listeners, atomically. */
	void save(List<Entry> entries) {
		try {
			Files.createDirectories(this.file.getParent());
			byte[] bytes = this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Content(1, entries));
			Path temp = this.file.resolveSibling(FILE_NAME + ".tmp");
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
			throw new ListenerStoreException(this.file, "it cannot be written (" + ex.getMessage() + ")", ex);
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
