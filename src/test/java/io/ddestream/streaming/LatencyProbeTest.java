package io.ddestream.streaming;

import io.ddestream.observability.PrometheusText;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The probe suite of the latency metric: what a producer with a broken clock (or a hostile one) does to
 * {@code dde.score.latency}, through the scorer's real topology and a Prometheus registry, read back the way
 * Prometheus reads it.
 */
class LatencyProbeTest {

    private static final List<String> FEATURES = List.of("x", "y");
    /** Far beyond the bound and beyond the year 2200: the largest ts the parser accepts. */
    private static final long FAR_FUTURE = Long.MAX_VALUE;

    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Topics topics = Topics.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> points;
    private TestOutputTopic<String, ScoreRecord> scores;

    private void start(Duration latencyBound) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "latency-probe");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        LiveModel live = new LiveModel(FEATURES, metrics);
        driver = new TopologyTestDriver(ScorerTopology.build(topics, new PointParser(FEATURES, 1024), "default",
                live, metrics, latencyBound), props);
        driver.createInputTopic(topics.models().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput("default", TestModels.snapshot(1));
        points = driver.createInputTopic(topics.points().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        scores = driver.createOutputTopic(topics.scores().name(), Serdes.String().deserializer(),
                ScoreJson.serde().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        metrics.close();
    }

    private void pipe(String id, long ts) {
        points.pipeInput(null, ("{\"id\":\"" + id + "\",\"features\":[1,0.5],\"ts\":" + ts + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private double unmeasured(String reason) {
        return metrics.get("dde.score.latency.unmeasured").tag("reason", reason).counter().count();
    }

    @Test
    void shouldScoreAncientAndFarFuturePointsButKeepThemOutOfTheLatencyTimer() {
        start(ScoreLatency.DEFAULT_BOUND);
        long now = System.currentTimeMillis();
        // Given 20 points at ts 0 (56 years old: six of them overflowed the timer's sum before), 20 from the far
        // future, and 5 honest ones a tenth of a second old
        for (int i = 0; i < 20; i++) {
            pipe("epoch-" + i, 0);
            pipe("future-" + i, FAR_FUTURE - i);
        }
        for (int i = 0; i < 5; i++) {
            pipe("honest-" + i, now - 100);
        }

        // Then every point is scored
        List<ScoreRecord> scored = scores.readValuesToList();
        assertThat(scored).hasSize(45).allSatisfy(s -> assertThat(s.status()).isEqualTo(ScoreRecord.Status.SCORED));
        // And only the honest ones are timed: the sum and the maximum are finite, non-negative and small
        Timer latency = metrics.get("dde.score.latency").timer();
        assertThat(latency.count()).isEqualTo(5);
        assertThat(latency.totalTime(TimeUnit.SECONDS)).isBetween(0.5, 5 * 60.0);
        assertThat(latency.max(TimeUnit.SECONDS)).isBetween(0.1, 60.0);
        // And the others are counted by reason
        assertThat(unmeasured("too_old")).isEqualTo(20);
        assertThat(unmeasured("future")).isEqualTo(20);

        // And Prometheus reads the same: a finite, non-negative sum, the honest count, and the new counter
        List<PrometheusText.Sample> scrape = PrometheusText.samples(metrics.scrape());
        double sum = value(scrape, "dde_score_latency_seconds_sum", Map.of());
        double max = value(scrape, "dde_score_latency_seconds_max", Map.of());
        System.out.printf("probe: dde_score_latency_seconds_sum %.4f, _count %.0f, _max %.4f; unmeasured too_old %.0f,"
                        + " future %.0f%n", sum, value(scrape, "dde_score_latency_seconds_count", Map.of()), max,
                unmeasured("too_old"), unmeasured("future"));
        assertThat(sum).isFinite().isBetween(0.0, 5 * 60.0);
        assertThat(value(scrape, "dde_score_latency_seconds_count", Map.of())).isEqualTo(5);
        assertThat(max).isFinite().isBetween(0.0, 60.0);
        assertThat(value(scrape, "dde_score_latency_unmeasured_total", Map.of("reason", "too_old"))).isEqualTo(20);
        assertThat(value(scrape, "dde_score_latency_unmeasured_total", Map.of("reason", "future"))).isEqualTo(20);
    }

    private static double value(List<PrometheusText.Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(s -> Double.parseDouble(s.value()))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + name + labels));
    }

    @Test
    void shouldTimeOnlyWithinAConfiguredBoundAndCountASlightlyFastClockAsNoDelay() {
        start(Duration.ofSeconds(2));
        long now = System.currentTimeMillis();
        pipe("five-seconds-old", now - 5_000);
        pipe("one-second-ahead", now + 1_000);
        pipe("five-seconds-ahead", now + 5_000);
        pipe("fresh", now - 500);

        Timer latency = metrics.get("dde.score.latency").timer();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.totalTime(TimeUnit.SECONDS)).isBetween(0.5, 2.0);
        assertThat(unmeasured("too_old")).isEqualTo(1);
        assertThat(unmeasured("future")).isEqualTo(1);
    }

    @Test
    void shouldRejectANonPositiveBound() {
        assertThatThrownBy(() -> new ScoreLatency(metrics, Duration.ZERO, System::currentTimeMillis))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency bound");
    }
}
