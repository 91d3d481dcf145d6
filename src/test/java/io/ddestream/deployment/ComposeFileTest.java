package io.ddestream.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validates {@code docker-compose.yml} (and its GPU override) with {@code docker-compose config} and checks the
 * resolved model: Kafka in KRaft mode from a pinned official image, the topics created once before the roles,
 * every role from the project's image and reachable by its health check and by Prometheus, Prometheus and Grafana
 * configured from the repository's files.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path GPU = Path.of("docker-compose.gpu.yml");
    private static final List<String> ROLES = List.of("trainer", "scorer", "generator");

    @Test
    void shouldRunKafkaInKraftModeFromAPinnedOfficialImage() {
        JsonNode kafka = Manifests.composeConfig(COMPOSE).path("services").path("kafka");
        assertThat(kafka.path("image").asText()).matches("apache/kafka:4\\.\\d+\\.\\d+");
        JsonNode env = kafka.path("environment");
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).isNotEmpty();
        // The roles' bootstrap address is a listener the broker advertises
        String bootstrap = option(command(Manifests.composeConfig(COMPOSE), "trainer"), "--bootstrap-servers");
        assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).contains("//" + bootstrap);
    }

    @Test
    void shouldCreateTheTopicsOnceBeforeAnyRoleStarts() {
        JsonNode services = Manifests.composeConfig(COMPOSE).path("services");
        JsonNode topics = services.path("topics");
        assertThat(strings(topics.path("command"))).startsWith("topics").contains("--partitions");
        assertThat(topics.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        for (String role : ROLES) {
            assertThat(services.path(role).path("depends_on").path("topics").path("condition").asText()).as(role)
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void shouldRunEveryRoleFromTheProjectsImageWithAHealthCheckOnItsHttpServer() {
        JsonNode config = Manifests.composeConfig(COMPOSE);
        String image = "dde-stream:" + Manifests.projectVersion();
        assertThat(config.path("services").path("topics").path("image").asText()).isEqualTo(image);
        for (String role : ROLES) {
            JsonNode service = config.path("services").path(role);
            List<String> command = command(config, role);
            assertThat(service.path("image").asText()).as(role).isEqualTo(image);
            assertThat(command).as(role).startsWith("stream").containsSequence("--role", role)
                    .containsSequence("--http-host", "0.0.0.0").containsSequence("--http-port", "8080");
            assertThat(String.join(" ", strings(service.path("healthcheck").path("test")))).as(role)
                    .contains("/health").contains("8080");
        }
        assertThat(config.path("services").path("scorer").path("scale").asInt()).isEqualTo(2);
    }

    @Test
    void shouldConfigurePrometheusAndGrafanaFromTheRepository() {
        JsonNode services = Manifests.composeConfig(COMPOSE).path("services");
        assertThat(services.path("prometheus").path("image").asText()).matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+");
        assertThat(strings(services.path("prometheus").path("volumes")))
                .anyMatch(v -> v.endsWith("/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
        assertThat(services.path("grafana").path("image").asText()).matches("grafana/grafana:\\d+\\.\\d+\\.\\d+");
        assertThat(strings(services.path("grafana").path("volumes")))
                .anyMatch(v -> v.endsWith("/grafana/provisioning:/etc/grafana/provisioning:ro"))
                .anyMatch(v -> v.contains("/grafana/dashboards:"));
    }

    @Test
    void shouldGiveTheTrainerAGpuAndTheCudaImageInTheGpuOverride() {
        JsonNode config = Manifests.composeConfig(COMPOSE, GPU);
        JsonNode trainer = config.path("services").path("trainer");
        assertThat(trainer.path("image").asText()).isEqualTo("dde-stream:" + Manifests.projectVersion() + "-cuda");
        JsonNode device = trainer.path("deploy").path("resources").path("reservations").path("devices").path(0);
        assertThat(device.path("driver").asText()).isEqualTo("nvidia");
        assertThat(strings(device.path("capabilities"))).contains("gpu");
        // The rest of the trainer is the main file's
        assertThat(command(config, "trainer")).containsSequence("--role", "trainer");
        assertThat(config.path("services").path("scorer").path("image").asText()).doesNotEndWith("-cuda");
    }

    private static List<String> command(JsonNode config, String service) {
        return strings(config.path("services").path(service).path("command"));
    }

    private static String option(List<String> command, String name) {
        int at = command.indexOf(name);
        assertThat(at).as(name).isNotNegative();
        return command.get(at + 1);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
