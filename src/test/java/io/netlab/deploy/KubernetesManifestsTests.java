package io.netlab.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.netlab.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kustomize base and overlays under {@code deploy/kubernetes}, rendered by the real
 * {@code kubectl kustomize} and parsed with fabric8's model: the pod runs as non-root on a
 * read-only root filesystem with its data on a volume, probes Actuator's health groups, gets
 * its node and address from the Downward API, and the rest of what the README promises.
 */
class KubernetesManifestsTests {

	private static final YAMLMapper YAML = new YAMLMapper();

	@Test
	void theBaseRunsOneHardenedNetlabWithItsServicesConfigurationAndPolicy() {
		RenderedManifests base = RenderedManifests.render("base");

		assertThat(base.kinds()).containsExactly("ConfigMap/netlab-config", "Deployment/netlab", "NetworkPolicy/netlab",
				"Service/netlab", "Service/netlab-listeners", "Service/netlab-peers", "ServiceAccount/netlab");
		assertHardenedPod(base.get(Deployment.class, "netlab").getSpec().getTemplate().getSpec());
		assertThat(ports(base.get(Service.class, "netlab"))).containsExactly("TCP/8080");
		assertThat(ports(base.get(Service.class, "netlab-listeners"))).containsExactly("TCP/7007", "UDP/7007", "TCP/7443");
		Service peers = base.get(Service.class, "netlab-peers");
		assertThat(peers.getSpec().getClusterIP()).isEqualTo("None");
		assertThat(peers.getSpec().getPublishNotReadyAddresses()).isTrue();
	}

	@Test
	void theConfigMapHoldsSettingsThatPointAtItsOwnValidLabFile() {
		ConfigMap config = RenderedManifests.render("base").get(ConfigMap.class, "netlab-config");

		JsonNode settings = YAML.readTree(config.getData().get("application.yml"));
		assertThat(settings.at("/server/address").asString()).isEqualTo("0.0.0.0");
		assertThat(settings.at("/netlab/data-dir").asString()).isEqualTo("/data");
		assertThat(settings.at("/netlab/lab/file").asString()).isEqualTo("/etc/netlab/lab.yaml");
		Lab lab = YAML.readValue(config.getData().get("lab.yaml"), Lab.class);
		assertThat(lab.listeners()).isEmpty();
	}

	@Test
	void theApiIsReachableOnlyFromTheMonitoringNamespaceAndTheListenersFromAnywhere() {
		NetworkPolicy policy = RenderedManifests.render("base").get(NetworkPolicy.class, "netlab");

		List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
		assertThat(rules).hasSize(2);
		NetworkPolicyIngressRule api = rules.get(0);
		assertThat(api.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8080));
		assertThat(api.getFrom()).singleElement()
			.satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
				.containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring")));
		NetworkPolicyIngressRule listeners = rules.get(1);
		assertThat(listeners.getFrom()).isNullOrEmpty();
		assertThat(listeners.getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
			.containsExactly("TCP/7007", "UDP/7007", "TCP/7443");
	}

	@Test
	void theDaemonsetOverlayRunsTheSamePodOnEveryNodeWithTheMeshOn() {
		RenderedManifests base = RenderedManifests.render("base");
		RenderedManifests overlay = RenderedManifests.render("overlays/daemonset");

		assertThat(overlay.kinds()).contains("DaemonSet/netlab").doesNotContain("Deployment/netlab");
		PodSpec pod = overlay.get(DaemonSet.class, "netlab").getSpec().getTemplate().getSpec();
		assertHardenedPod(pod);
		Map<String, String> env = env(pod.getContainers().get(0));
		assertThat(env).containsEntry("NETLAB_MESH_ENABLED", "true")
			.containsEntry("NETLAB_MESH_DNS", "netlab-peers")
			.containsEntry("NETLAB_MESH_NODE", "$(NODE_NAME)")
			.containsEntry("NETLAB_MESH_SELF", "$(POD_IP)")
			.containsEntry("NETLAB_MESH_TLSPORT", "7443");
		PodSpec basePod = base.get(Deployment.class, "netlab").getSpec().getTemplate().getSpec();
		PodSpec withoutMesh = new PodSpecBuilder(pod).withTolerations(List.of()).build();
		withoutMesh.getContainers().get(0).getEnv().removeIf(e -> e.getName().startsWith("NETLAB_MESH_"));
		assertThat(withoutMesh).as("the DaemonSet's pod is the Deployment's plus the mesh and tolerations")
			.isEqualTo(new PodSpecBuilder(basePod).withTolerations(List.of()).build());
	}

	@Test
	void theMonitoringOverlayScrapesEveryPodAndShipsTheDashboardAndAlerts(@TempDir Path dir) throws IOException {
		RenderedManifests monitoring = RenderedManifests.render("overlays/monitoring");

		GenericKubernetesResource podMonitor = monitoring.generic("PodMonitor", "netlab");
		assertThat(podMonitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(YAML.valueToTree(podMonitor.getAdditionalProperties()).at("/spec/podMetricsEndpoints/0/path").asString())
			.isEqualTo("/actuator/prometheus");
		GenericKubernetesResource serviceMonitor = monitoring.generic("ServiceMonitor", "netlab-probe-cluster-dns");
		assertThat(YAML.valueToTree(serviceMonitor.getAdditionalProperties()).at("/spec/endpoints/0/path").asString())
			.isEqualTo("/probe");
		ConfigMap dashboard = monitoring.get(ConfigMap.class, "netlab-grafana-dashboard");
		assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		assertThat(dashboard.getData().get("netlab-dashboard.json"))
			.as("deploy/kubernetes/overlays/monitoring/netlab-dashboard.json is a copy of ops/grafana/dashboards/netlab.json")
			.isEqualTo(Files.readString(Path.of("ops/grafana/dashboards/netlab.json")));

		GenericKubernetesResource rule = monitoring.generic("PrometheusRule", "netlab");
		Path rules = dir.resolve("rules.yml");
		Files.writeString(rules, monitoring.toYaml(rule.getAdditionalProperties().get("spec")));
		String checked = RenderedManifests.Tools.run(List.of("promtool", "check", "rules", rules.toString()), "prometheus");
		assertThat(checked).contains("SUCCESS: 5 rules found");
		Files.copy(Path.of("src/test/resources/deploy/prometheusrule.test.yml"), dir.resolve("prometheusrule.test.yml"));
		String tested = RenderedManifests.Tools.run(
				List.of("promtool", "test", "rules", dir.resolve("prometheusrule.test.yml").toString()), "prometheus");
		assertThat(tested).contains("SUCCESS");
		assertThat(Files.readString(rules)).contains("alert: \"NetlabListenerDown\"", "alert: \"NetlabMonitorDown\"",
				"alert: \"NetlabMeshPeerDown\"", "alert: \"NetlabMeshUdpLoss\"");
	}

	@Test
	void everyObjectOfEveryOverlayIsInTheNetlabNamespaceWithTheNetlabLabels() {
		for (String folder : List.of("base", "overlays/daemonset", "overlays/monitoring")) {
			for (HasMetadata object : RenderedManifests.render(folder).objects()) {
				assertThat(object.getMetadata().getNamespace()).as(folder + ": " + object.getKind()).isEqualTo("netlab");
				assertThat(object.getMetadata().getLabels()).as(folder + ": " + object.getKind())
					.containsEntry("app.kubernetes.io/name", "netlab");
			}
		}
	}

	private static void assertHardenedPod(PodSpec pod) {
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		Container container = pod.getContainers().get(0);
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath).contains("/data", "/tmp", "/etc/netlab");
		assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
		assertThat(container.getResources().getLimits()).containsKey("memory");
		assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
		Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
		assertThat(env.get("NODE_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
		assertThat(env.get("POD_IP").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
		assertThat(env.get("NETLAB_API_TOKEN").getValueFrom().getSecretKeyRef().getName()).isEqualTo("netlab-api-token");
	}

	private static Map<String, String> env(Container container) {
		Map<String, String> values = new TreeMap<>();
		container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> values.put(e.getName(), e.getValue()));
		return values;
	}

	private static List<String> ports(Service service) {
		return service.getSpec().getPorts().stream().map(p -> p.getProtocol() + "/" + p.getPort()).toList();
	}

}
