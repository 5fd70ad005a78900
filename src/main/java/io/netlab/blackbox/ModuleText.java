package io.netlab.blackbox;

import java.lang.reflect.RecordComponent;

/** A module as the YAML-like lines blackbox_exporter's debug output ends with; set fields only. */
final class ModuleText {

	private ModuleText() {
	}

	static String describe(ProbeModule module) {
		StringBuilder text = new StringBuilder();
		for (RecordComponent component : ProbeModule.class.getRecordComponents()) {
			try {
				Object value = component.getAccessor().invoke(module);
				if (value != null) {
					String shown = (value instanceof Prober prober) ? prober.wireName() : value.toString();
					text.append(component.getName()).append(": ").append(shown).append('\n');
				}
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot read " + component.getName() + " of a probe module", ex);
			}
		}
		return text.toString();
	}

}
