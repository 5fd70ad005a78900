package io.netlab.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The objects {@code kubectl kustomize} renders from a folder under {@code deploy/kubernetes},
 * each parsed with fabric8's Kubernetes model (kinds it does not know, such as the Prometheus
 * Operator's, as generic resources).
 */
record RenderedManifests(List<HasMetadata> objects) {

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	static RenderedManifests render(String folder) {
		String yaml = Tools.run(List.of("kubectl", "kustomize", Path.of("deploy/kubernetes", folder).toString()),
				"kubernetes-client");
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : yaml.split("(?m)^---$")) {
			if (!document.isBlank()) {
				objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
			}
		}
		return new RenderedManifests(objects);
	}

	<T extends HasMetadata> T get(Class<T> type, String name) {
		return this.objects.stream()
			.filter(type::isInstance)
			.map(type::cast)
			.filter(o -> name.equals(o.getMetadata().getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + kinds()));
	}

	GenericKubernetesResource generic(String kind, String name) {
		return this.objects.stream()
			.filter(o -> o instanceof GenericKubernetesResource && kind.equals(o.getKind())
					&& name.equals(o.getMetadata().getName()))
			.map(GenericKubernetesResource.class::cast)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + kinds()));
	}

	List<String> kinds() {
		return this.objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).sorted().toList();
	}

	String toYaml(Object value) {
		return SERIALIZATION.asYaml(value);
	}

	/** Running the command-line tools the manifests are checked with. */
	static final class Tools {

		private Tools() {
		}

		/** Its standard output; fails (never skips) when the tool is missing or fails. */
		static String run(List<String> command, String debianPackage) {
			try {
				Path out = Files.createTempFile("netlab-tool", ".out");
				Process process;
				try {
					process = new ProcessBuilder(command).redirectOutput(out.toFile())
						.redirectError(ProcessBuilder.Redirect.PIPE)
						.start();
				}
				catch (IOException ex) {
					throw new AssertionError(command.get(0) + " is missing: install it with 'apt-get install "
							+ debianPackage + "' (Debian); .ci/run does so in CI.", ex);
				}
				String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
					process.destroyForcibly();
					throw new AssertionError(String.join(" ", command) + " failed: " + errors + Files.readString(out));
				}
				String output = Files.readString(out);
				Files.delete(out);
				return output;
			}
			catch (IOException ex) {
				throw new AssertionError(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}

	}

}
