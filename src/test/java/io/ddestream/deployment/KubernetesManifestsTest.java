package io.ddestream.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders each overlay of {@code k8s/} with {@code kubectl kustomize} and checks the objects a cluster would
 * get: every role runs, reachable by its probes and by Prometheus, with resources, Kafka settings and images that
 * agree; the GPU overlay puts the trainer, and only the trainer, on a GPU.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final List<String> ROLES = List.of("trainer", "scorer", "generator");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldRunEveryRoleWithItsRoleArgumentAndAnHttpServerTheProbesCanReach(String overlay) {
        // Given the rendered overlay
        Rendered k8s = render(overlay);
        for (String role : ROLES) {
            // Then each role has a Deployment whose one container runs `dde stream --role <role>`
            JsonNode container = k8s.container(role);
            List<String> args = strings(container.path("args"));
            assertThat(args).as(role).startsWith("stream").containsSequence("--role", role);
            // And serves HTTP on all interfaces (the default, 127.0.0.1, is out of the kubelet's reach) on 8080
            assertThat(args).as(role).containsSequence("--http-host", "0.0.0.0").containsSequence("--http-port", "8080");
            assertThat(container.path("ports").findValuesAsText("containerPort")).as(role).contains("8080");
            // And every probe asks /health on that port
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(get.path("path").asText()).as(role + " " + probe).isEqualTo("/health");
                assertThat(port(container, get.path("port"))).as(role + " " + probe).isEqualTo(8080);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldSetRequestsAndLimitsAndRunWithoutRoot(String overlay) {
        Rendered k8s = render(overlay);
        for (String role : ROLES) {
            JsonNode resources = k8s.container(role).path("resources");
            for (String kind : List.of("requests", "limits")) {
                assertThat(resources.path(kind).path("cpu").asText()).as(role + " cpu " + kind).isNotEmpty();
                assertThat(resources.path(kind).path("memory").asText()).as(role + " memory " + kind).isNotEmpty();
            }
            assertThat(k8s.podSpec(role).path("securityContext").path("runAsNonRoot").asBoolean())
                    .as(role + " runAsNonRoot").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldTakeKafkaSettingsFromTheConfigMapAndTheSecretItMounts(String overlay) {
        Rendered k8s = render(overlay);
        for (String role : ROLES) {
            JsonNode container = k8s.container(role);
            List<String> args = strings(container.path("args"));
            // Every $(VARIABLE) in the arguments is set, from the container's env or a ConfigMap that exists
            Map<String, String> env = k8s.environment(container);
            Matcher variables = VARIABLE.matcher(String.join(" ", args));
            while (variables.find()) {
                assertThat(env).as(role + " sets " + variables.group()).containsKey(variables.group(1));
            }
            assertThat(args).as(role).containsSequence("--bootstrap-servers", "$(KAFKA_BOOTSTRAP_SERVERS)");
            // The client properties file comes from a Secret that the overlay renders, mounted where the
            // --kafka-config argument looks
            int config = args.indexOf("--kafka-config");
            assertThat(config).as(role + " --kafka-config").isNotNegative();
            Path file = Path.of(args.get(config + 1));
            JsonNode mount = k8s.mountOf(container, file.getParent().toString());
            JsonNode secret = k8s.secret(k8s.volume(role, mount.path("name").asText()).path("secret")
                    .path("secretName").asText());
            Properties client = properties(secret.path("data").path(file.getFileName().toString()).asText());
            assertThat(client.getProperty("security.protocol")).as(role).isEqualTo("SASL_SSL");
            assertThat(client.getProperty("sasl.mechanism")).as(role).isNotBlank();
            assertThat(client.getProperty("sasl.jaas.config")).as(role).contains("required");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldExposeEveryRoleToPrometheus(String overlay) {
        Rendered k8s = render(overlay);
        Map<String, String> monitorSelector = serviceMonitorSelector();
        for (String role : ROLES) {
            // Annotations for annotation-driven scraping
            JsonNode annotations = k8s.deployment(role).path("spec").path("template").path("metadata").path("annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).as(role).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/port").asText()).as(role).isEqualTo("8080");
            assertThat(annotations.path("prometheus.io/path").asText()).as(role).isEqualTo("/metrics");
            // And a Service with an `http` port for the ServiceMonitor (k8s/monitoring) to select
            JsonNode service = k8s.object("Service", "dde-" + role);
            assertThat(service.path("spec").path("ports").findValuesAsText("name")).as(role).contains("http");
            assertThat(labels(service)).as(role).containsAllEntriesOf(monitorSelector);
            assertThat(labels(k8s.deployment(role).path("spec").path("template")))
                    .as(role + " pods match their Service")
                    .containsAllEntriesOf(toMap(service.path("spec").path("selector")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void shouldRunOneTrainerReplacedBeforeItsSuccessorStartsAndScaleTheScorers(String overlay) {
        Rendered k8s = render(overlay);
        JsonNode trainer = k8s.deployment("trainer").path("spec");
        assertThat(trainer.path("replicas").asInt()).isEqualTo(1);
        assertThat(trainer.path("strategy").path("type").asText()).isEqualTo("Recreate");
        // The scorers: an autoscaler on their Deployment, never past the points topic's partitions
        JsonNode hpa = k8s.object("HorizontalPodAutoscaler", "dde-scorer").path("spec");
        assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo("dde-scorer");
        assertThat(hpa.path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        int partitions = Integer.parseInt(k8s.environment(k8s.container("scorer")).get("DDE_PARTITIONS"));
        assertThat(hpa.path("maxReplicas").asInt()).isBetween(hpa.path("minReplicas").asInt(), partitions);
        // And no replica count in the scorers' Deployment for an apply to reset under the autoscaler
        assertThat(k8s.deployment("scorer").path("spec").has("replicas")).isFalse();
    }

    @Test
    void shouldRunEveryRoleFromTheProjectsCpuImageInTheCpuOverlay() {
        Rendered k8s = render("cpu");
        String image = "dde-stream:" + Manifests.projectVersion();
        for (String role : ROLES) {
            assertThat(k8s.container(role).path("image").asText()).as(role).isEqualTo(image);
            assertThat(k8s.container(role).path("resources").toString()).as(role).doesNotContain("nvidia.com/gpu");
        }
    }

    @Test
    void shouldPutTheTrainerAloneOnAGpuNodeWithTheCudaImage() {
        Rendered k8s = render("gpu");
        String version = Manifests.projectVersion();
        // The trainer: the CUDA image of the same version, one GPU requested and limited, a GPU node, the taint
        JsonNode trainer = k8s.container("trainer");
        assertThat(trainer.path("image").asText()).isEqualTo("dde-stream:" + version + "-cuda");
        assertThat(trainer.path("resources").path("limits").path("nvidia.com/gpu").asText()).isEqualTo("1");
        assertThat(trainer.path("resources").path("requests").path("nvidia.com/gpu").asText()).isEqualTo("1");
        JsonNode pod = k8s.podSpec("trainer");
        assertThat(pod.path("nodeSelector").size()).isPositive();
        assertThat(pod.path("tolerations").findValuesAsText("key")).contains("nvidia.com/gpu");
        // The others: the CPU image with the same repository, no GPU
        for (String role : List.of("scorer", "generator")) {
            assertThat(k8s.container(role).path("image").asText()).as(role).isEqualTo("dde-stream:" + version);
            assertThat(k8s.container(role).path("resources").toString()).as(role).doesNotContain("nvidia.com/gpu");
        }
    }

    @Test
    void shouldScrapeEveryRoleWithTheServiceMonitor() {
        List<JsonNode> monitoring = Manifests.kustomize(K8S.resolve("monitoring"));
        assertThat(monitoring).hasSize(1);
        JsonNode monitor = monitoring.get(0);
        assertThat(monitor.path("kind").asText()).isEqualTo("ServiceMonitor");
        assertThat(monitor.path("metadata").path("namespace").asText()).isEqualTo(render("cpu").namespace());
        assertThat(toMap(monitor.path("spec").path("selector").path("matchLabels")))
                .isEqualTo(serviceMonitorSelector());
        assertThat(monitor.path("spec").path("endpoints").findValuesAsText("port")).containsExactly("http");
        assertThat(monitor.path("spec").path("endpoints").findValuesAsText("path")).containsExactly("/metrics");
    }

    private static Map<String, String> serviceMonitorSelector() {
        return toMap(Manifests.kustomize(K8S.resolve("monitoring")).get(0).path("spec").path("selector")
                .path("matchLabels"));
    }

    private static Rendered render(String overlay) {
        return new Rendered(Manifests.kustomize(K8S.resolve("overlays").resolve(overlay)));
    }

    /** The objects of one rendered overlay. */
    private record Rendered(List<JsonNode> objects) {

        JsonNode object(String kind, String name) {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode o : objects) {
                if (o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name)) {
                    found.add(o);
                }
            }
            assertThat(found).as("%s %s among the rendered objects", kind, name).hasSize(1);
            return found.get(0);
        }

        JsonNode deployment(String role) {
            return object("Deployment", "dde-" + role);
        }

        JsonNode podSpec(String role) {
            return deployment(role).path("spec").path("template").path("spec");
        }

        JsonNode container(String role) {
            JsonNode containers = podSpec(role).path("containers");
            assertThat(containers.size()).as(role + " containers").isEqualTo(1);
            return containers.get(0);
        }

        JsonNode volume(String role, String name) {
            for (JsonNode volume : podSpec(role).path("volumes")) {
                if (volume.path("name").asText().equals(name)) {
                    return volume;
                }
            }
            throw new AssertionError("no volume " + name + " in the " + role + " pod");
        }

        JsonNode mountOf(JsonNode container, String path) {
            for (JsonNode mount : container.path("volumeMounts")) {
                if (mount.path("mountPath").asText().equals(path)) {
                    return mount;
                }
            }
            throw new AssertionError("nothing mounted at " + path + " in " + container.path("name").asText());
        }

        JsonNode secret(String name) {
            return object("Secret", name);
        }

        /** The container's environment: its ConfigMaps' entries (which must exist), then its own variables. */
        Map<String, String> environment(JsonNode container) {
            Map<String, String> env = new HashMap<>();
            for (JsonNode source : container.path("envFrom")) {
                String name = source.path("configMapRef").path("name").asText();
                assertThat(name).as("only ConfigMaps feed the environment").isNotEmpty();
                env.putAll(toMap(object("ConfigMap", name).path("data")));
            }
            for (JsonNode variable : container.path("env")) {
                env.put(variable.path("name").asText(), variable.path("value").asText());
            }
            return env;
        }

        String namespace() {
            Set<String> namespaces = new HashSet<>();
            for (JsonNode o : objects) {
                if (!o.path("kind").asText().equals("Namespace")) {
                    namespaces.add(o.path("metadata").path("namespace").asText());
                }
            }
            assertThat(namespaces).as("every object in one namespace").hasSize(1);
            return namespaces.iterator().next();
        }
    }

    private static int port(JsonNode container, JsonNode port) {
        if (port.isInt() || port.asText().matches("\\d+")) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port named " + port.asText());
    }

    private static Map<String, String> labels(JsonNode object) {
        return toMap(object.path("metadata").path("labels"));
    }

    private static Map<String, String> toMap(JsonNode node) {
        Map<String, String> map = new HashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Properties properties(String base64) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return properties;
    }
}
