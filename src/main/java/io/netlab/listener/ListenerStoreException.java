package io.netlab.listener;

import java.nio.file.Path;

/**
 * The listener store cannot be read or written. At startup this stops netlab with a message
 * naming the file; the file is left as it is.
 */
public class ListenerStoreException extends RuntimeException {

	private final Path file;

	ListenerStoreException(Path file, String problem, Throwable cause) {
		super("Listener store " + file + ": " + problem, cause);
		this.file = file;
	}

	public Path file() {
		return this.file;
	}

}
