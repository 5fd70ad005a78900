package io.netlab.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.netlab.config.JsonFile;
import io.netlab.config.NetlabProperties;
import io.netlab.wire.Protocol;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Keeps the API-created listeners and whether each should run in {@code listeners.json} under
 * the data directory. Every write goes to a temporary file that is forced to disk and then
 * renamed over the old one, so a crash leaves the old file or the new one, never half of one.
 * An entry that cannot be read or no longer validates is loaded as a stand-in (its name and
 * protocol, defaults otherwise) with the reason, and written back exactly as it was found for
 * as long as the stand-in is stored.
 */
@Component
class ListenerStore {

	static final String FILE_NAME = "listeners.json";

	private final Path file;

	private final JsonMapper json;

	/** The entries found unusable, as they were stored, by the identity of their stand-in spec. */
	private final Map<ListenerSpec, JsonNode> verbatim = Collections.synchronizedMap(new IdentityHashMap<>());

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

	/**
	 * A stored listener as loaded.
	 *
	 * @param entry the entry; a stand-in when it cannot be used
	 * @param problem why the stored entry cannot be used, or null when it can
	 */
	record Loaded(Entry entry, @Nullable String problem) {
	}

	/** The stored listeners; none when there is no file yet. */
	List<Loaded> load() {
		if (!Files.exists(this.file)) {
			return List.of();
		}
		JsonNode listeners;
		try {
			listeners = this.json.readTree(Files.readAllBytes(this.file)).get("listeners");
		}
		catch (IOException ex) {
			throw new ListenerStoreException(this.file, "it cannot be read (" + ex.getMessage() + ")", ex);
		}
		catch (JacksonException ex) {
			throw new ListenerStoreException(this.file, "it is not valid JSON (" + ex.getOriginalMessage() + ")", ex);
		}
		if (listeners == null || !listeners.isArray()) {
			throw new ListenerStoreException(this.file, "it has no \"listeners\" array", null);
		}
		List<Loaded> loaded = new ArrayList<>();
		for (int i = 0; i < listeners.size(); i++) {
			loaded.add(loadEntry(listeners.get(i), i));
		}
		return loaded;
	}

	private Loaded loadEntry(JsonNode node, int index) {
		String problem;
		try {
			Entry entry = this.json.treeToValue(node, Entry.class);
			if (entry == null || entry.spec() == null) {
				problem = "it has no \"spec\"";
			}
			else {
				List<FieldProblem> problems = ListenerSpecValidator.validate(entry.spec());
				if (problems.isEmpty()) {
					return new Loaded(new Entry(entry.spec().withDefaults(), entry.running()), null);
				}
				problem = ListenerException.invalid(problems).getMessage();
			}
		}
		catch (JacksonException ex) {
			problem = "it cannot be read (" + ex.getOriginalMessage() + ")";
		}
		JsonNode spec = node.path("spec");
		String name = spec.path("name").asString("");
		if (!ListenerSpecValidator.isValidName(name)) {
			name = "stored-entry-" + (index + 1);
		}
		Protocol protocol = "udp".equals(spec.path("protocol").asString("")) ? Protocol.UDP : Protocol.TCP;
		ListenerSpec standIn = new ListenerSpec(name, protocol, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null).withDefaults();
		this.verbatim.put(standIn, node);
		return new Loaded(new Entry(standIn, node.path("running").asBoolean(false)),
				"the stored entry #" + (index + 1) + " cannot be used: " + problem);
	}

	/** Replace the stored listeners, atomically. */
	void save(List<Entry> entries) {
		ObjectNode content = this.json.createObjectNode();
		content.put("version", 1);
		ArrayNode listeners = content.putArray("listeners");
		for (Entry entry : entries) {
			JsonNode found = this.verbatim.get(entry.spec());
			if (found instanceof ObjectNode stored) {
				listeners.add(stored.deepCopy().put("running", entry.running()));
			}
			else if (found != null) {
				listeners.add(found);
			}
			else {
				listeners.add(this.json.valueToTree(entry));
			}
		}
		try {
			new JsonFile(this.file, this.json).write(content);
		}
		catch (UncheckedIOException ex) {
			throw new ListenerStoreException(this.file, "it cannot be written (" + ex.getCause().getMessage() + ")",
					ex.getCause());
		}
	}
}
