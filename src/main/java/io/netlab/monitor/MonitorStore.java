package io.netlab.monitor;

import java.util.List;

import io.netlab.config.JsonFile;
import io.netlab.config.NetlabProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** Keeps the monitors in {@code monitors.json} under the data directory, written atomically. */
@Component
class MonitorStore {

	static final String FILE_NAME = "monitors.json";

	private final JsonFile file;

	MonitorStore(NetlabProperties properties, JsonMapper json) {
		this.file = new JsonFile(properties.dataDir().resolve(FILE_NAME), json);
	}

	/** The stored monitors; none when there is no file yet. */
	List<MonitorSpec> load() {
		Content content = this.file.read(Content.class);
		return (content != null && content.monitors() != null) ? content.monitors() : List.of();
	}

	void save(List<MonitorSpec> monitors) {
		this.file.write(new Content(1, monitors));
	}

	/** The file's content: a version, so that a later netlab can read what this one wrote. */
	record Content(int version, List<MonitorSpec> monitors) {
	}

}
