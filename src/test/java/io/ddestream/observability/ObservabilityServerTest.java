package io.ddestream.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddestream.observability.live.LiveView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<List<RoleHealth>> roles = new AtomicReference<>(List.of());
    private ObservabilityServer server;

    private ObservabilityServer start(LiveView live) throws IOException {
        server = ObservabilityServer.start("127.0.0.1", 0, registry, roles::get, live);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        registry.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswer503WithEachRolesStateUntilEveryRoleIsUpThen200() throws Exception {
        start(null);
        // Given one role running and one still starting
        roles.set(List.of(new RoleHealth("scorer", "RUNNING", true), new RoleHealth("trainer", "CREATED", false)));
        HttpResponse<String> starting = get("health");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonNode down = JSON.readTree(starting.body());
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(down.at("/roles/1/role").asText()).isEqualTo("trainer");
        assertThat(down.at("/roles/1/state").asText()).isEqualTo("CREATED");
        assertThat(down.at("/roles/1/up").asBoolean()).isFalse();

        // When both are up
        roles.set(List.of(new RoleHealth("scorer", "RUNNING", true), new RoleHealth("trainer", "REBALANCING", true)));
        HttpResponse<String> up = get("health");
        // Then the answer is 200 and UP
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(up.body()).get("status").asText()).isEqualTo("UP");

        // And a role that fails makes it 503 again
        roles.set(List.of(new RoleHealth("scorer", "ERROR", false), new RoleHealth("trainer", "RUNNING", true)));
        assertThat(get("health").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldBeDownWithoutAnyRole() throws Exception {
        start(null);
        HttpResponse<String> response = get("health");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(response.body()).get("roles")).isEmpty();
    }

    @Test
    void shouldServeTheRegistryInThePrometheusTextFormat() throws Exception {
        Counter.builder("dde.example.events").tag("outcome", "ok").register(registry).increment(3);
        start(null);
        HttpResponse<String> response = get("metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("dde_example_events_total{outcome=\"ok\"} 3.0");
    }

    @Test
    void shouldBindWhereItIsToldAndReportAFreePortWhenGivenZero() throws Exception {
        start(null);
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.port()).isPositive();
        assertThat(server.baseUri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/"));
    }

    @Test
    void shouldServeTheLivePageItsAssetsAndItsJson() throws Exception {
        start(new LiveView(List.of("x", "y", "z")));
        HttpResponse<String> page = get("");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<canvas id=\"heatmap\"").contains("live.js").doesNotContain("http://",
                "https://");
        assertThat(get("live.js").statusCode()).isEqualTo(200);
        assertThat(get("live.css").statusCode()).isEqualTo(200);

        JsonNode live = JSON.readTree(get("api/live?x=z&y=x").body());
        assertThat(live.get("x").asText()).isEqualTo("z");
        assertThat(live.get("model").isNull()).isTrue();
        assertThat(JSON.readTree(get("api/density").body()).get("available").asBoolean()).isFalse();
    }

    @Test
    void shouldAnswer400ForUnknownOrRepeatedFeaturesAndBadSizes() throws Exception {
        start(new LiveView(List.of("x", "y")));
        HttpResponse<String> unknown = get("api/live?x=nope");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).contains("nope");
        assertThat(get("api/density?x=y&y=y").statusCode()).isEqualTo(400);
        assertThat(get("api/density?size=1000").statusCode()).isEqualTo(400);
        assertThat(get("api/density?size=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer404ForUnknownPathsAndThePageWhenThereIsNoLiveView() throws Exception {
        start(null);
        assertThat(get("nothing-here").statusCode()).isEqualTo(404);
        assertThat(get("live.js").statusCode()).isEqualTo(404);
        assertThat(get("api/live").statusCode()).isEqualTo(404);
        HttpResponse<String> index = get("");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("/metrics");
    }

    @Test
    void shouldAnswer405ForOtherMethods() throws Exception {
        start(null);
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.baseUri().resolve("metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
