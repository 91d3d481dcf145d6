package io.ddestream.streaming;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.streaming.broker.EmbeddedKafkaBroker;
import io.ddestream.testing.CapturedLog;
import io.ddestream.testing.CommittedReader;
import io.ddestream.testing.ExactlyOnce;
import io.ddestream.testing.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz and snapshot-tampering must-shows end to end, on a real (embedded) broker with the roles running as in
 * production: malformed records among valid ones, and tampered snapshots on the models topic.
 */
@Timeout(180)
@IntegrationTest
class ReliabilityIntegrationTest {

    private static EmbeddedKafkaBroker broker;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static StreamingConfig config(String name, int maxPointBytes) {
        return new StreamingConfig(broker.clientProperties(), new Topics(name), List.of("x", "y"), "default", name,
                stateDir.resolve(name), StreamingConfig.EXACTLY_ONCE, 1, maxPointBytes,
                TrainerTopologyTest.fastSettings());
    }

    private static void createTopics(StreamingConfig config) throws InterruptedException {
        try (Admin admin = Admin.create(StreamsSettings.client(config))) {
            TopicSetup.ensure(admin, config.topics(), 2);
        }
    }

    private static StreamingApp start(StreamingConfig config, Set<StreamingApp.Role> roles, MeterRegistry metrics)
            throws Exception {
        createTopics(config);
        StreamingApp app = StreamingApp.start(config, roles, metrics);
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("roles running").isTrue();
        return app;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(StreamsSettings.producer(broker.clientProperties()), new StringSerializer(),
                new ByteArraySerializer());
    }

    private static void await(BooleanSupplier condition, Duration timeout, Function<Void, String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + timeout + ": " + failure.apply(null));
            }
            Thread.sleep(100);
        }
    }

    private static double sum(MeterRegistry metrics, String name, String tag, String... values) {
        double total = 0;
        for (String value : values) {
            var counter = metrics.find(name).tag(tag, value).counter();
            total += counter == null ? 0 : counter.count();
        }
        return total;
    }

    private static String key(byte[] value, String reason) {
        return (value == null ? "null" : HexFormat.of().formatHex(value)) + "/" + reason;
    }

    @Test
    void shouldDeadLetterMalformedRecordsScoreValidOnesAndTrainOnlyOnThemOnARealBroker() throws Exception {
        // Given both roles running, and a seeded mix of 1,000 malformed and 600 valid records
        int maxPointBytes = 4096;
        StreamingConfig config = config("fuzz", maxPointBytes);
        List<PointFuzzer.Case> cases = new PointFuzzer(7, maxPointBytes).mix(1000, 600);
        List<PointFuzzer.Case> malformed = cases.stream().filter(c -> !c.valid()).toList();
        List<String> validIds = cases.stream().filter(PointFuzzer.Case::valid).map(PointFuzzer.Case::validId).toList();
        MeterRegistry metrics = new SimpleMeterRegistry();
        try (StreamingApp app = start(config, EnumSet.allOf(StreamingApp.Role.class), metrics);
             KafkaProducer<String, byte[]> producer = producer();
             CommittedReader scores = new CommittedReader(broker.clientProperties(), config.topics().scores().name());
             CommittedReader deadLetters = new CommittedReader(broker.clientProperties(),
                     config.topics().deadLetters().name());
             CommittedReader models = new CommittedReader(broker.clientProperties(),
                     config.topics().models().name())) {
            // When they are produced
            for (PointFuzzer.Case c : cases) {
                producer.send(new ProducerRecord<>(config.topics().points().name(), c.validId(), c.value()));
            }
            producer.flush();

            // Then every valid point has exactly one score
            int scored = ExactlyOnce.assertEveryIdScoredOnce(scores, validIds, Duration.ofSeconds(90),
                    () -> "roles running: " + app.running());
            // And every malformed record is a dead letter, unchanged, with its expected reason
            deadLetters.readUntil(r -> r.size() >= malformed.size(), Duration.ofSeconds(60),
                    () -> deadLetters.records().size() + " of " + malformed.size() + " dead letters");
            Map<String, Long> expected = malformed.stream()
                    .collect(Collectors.groupingBy(c -> key(c.value(), c.expected().label()), Collectors.counting()));
            Map<String, Long> actual = deadLetters.readFor(Duration.ofSeconds(1)).stream()
                    .collect(Collectors.groupingBy(r -> key(r.value(), reason(r)), Collectors.counting()));
            assertThat(actual).isEqualTo(expected);
            // And the trainer learned from exactly the valid points, and published a finite model
            await(() -> sum(metrics, "dde.train.points", "outcome", "invalid") >= malformed.size()
                            && admitted(metrics) >= validIds.size(), Duration.ofSeconds(60),
                    v -> "trainer saw " + admitted(metrics) + " valid and "
                            + sum(metrics, "dde.train.points", "outcome", "invalid") + " invalid records");
            assertThat(admitted(metrics)).isEqualTo(validIds.size());
            assertThat(sum(metrics, "dde.train.points", "outcome", "invalid")).isEqualTo(malformed.size());
            models.readUntil(r -> !r.isEmpty(), Duration.ofSeconds(90), () -> "no model published");
            DensityModel model = DensityModelCodec.decode(models.records().get(0).value());
            for (float w : model.network().parameters().toFloatVector()) {
                assertThat(Float.isFinite(w)).as("finite weight").isTrue();
            }
            assertThat(model.provenance().trainingPoints()).isLessThanOrEqualTo(validIds.size());
            assertThat(model.score(new double[] {2.83, 0}).logDensity()).isFinite()
                    .isGreaterThan(model.score(new double[] {6, -6}).logDensity());
            assertThat(app.running()).as("both roles still running").isTrue();
            System.out.printf("fuzz end to end: %d malformed + %d valid records on the broker: %d scores (one per "
                            + "valid point), %d dead letters with the expected reasons; trainer admitted %.0f, "
                            + "counted %.0f invalid; model version %d finite%n", malformed.size(), validIds.size(),
                    scored, deadLetters.records().size(), admitted(metrics),
                    sum(metrics, "dde.train.points", "outcome", "invalid"), model.provenance().version());
        }
    }

    private static double admitted(MeterRegistry metrics) {
        return sum(metrics, "dde.train.points", "outcome", "warming_up", "kept", "passed_over", "gated",
                "out_of_range");
    }

    private static String reason(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(PointValidator.REASON_HEADER);
        return header == null ? "none" : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepScoringWithTheLastGoodModelThroughTamperedSnapshotsAndARestart() throws Exception {
        StreamingConfig config = config("tamper", 4096);
        String modelsTopic = config.topics().models().name();
        List<TamperedSnapshots.Tampered> tampered = TamperedSnapshots.all();
        MeterRegistry metrics = new SimpleMeterRegistry();
        createTopics(config);
        try (KafkaProducer<String, byte[]> producer = producer();
             CommittedReader scores = new CommittedReader(broker.clientProperties(),
                     config.topics().scores().name())) {
            try (CapturedLog log = CapturedLog.start();
                 StreamingApp app = start(config, EnumSet.of(StreamingApp.Role.SCORER), metrics)) {
                // Given the scorer on model version 1
                producer.send(new ProducerRecord<>(modelsTopic, "default", TestModels.snapshot(1))).get();
                await(() -> app.liveModel().version() == 1, Duration.ofSeconds(30), v -> "version 1 not in use");
                // When every kind of tampered snapshot is published after it
                for (TamperedSnapshots.Tampered t : tampered) {
                    producer.send(new ProducerRecord<>(modelsTopic, "default", t.bytes())).get();
                }
                // Then each is rejected with a metric and a log line, and version 1 stays in use
                await(() -> sum(metrics, "dde.models.rejected", "reason", "malformed", "feature_mismatch")
                                >= tampered.size(), Duration.ofSeconds(30),
                        v -> sum(metrics, "dde.models.rejected", "reason", "malformed", "feature_mismatch")
                                + " of " + tampered.size() + " rejections counted");
                assertThat(log.linesContaining("model snapshot rejected")).hasSize(tampered.size());
                assertThat(app.liveModel().version()).isEqualTo(1);
                send(producer, config, "before-restart");
                assertThat(scoreOf(scores, "before-restart", Duration.ofSeconds(60)).get("model_version").asLong())
                        .isEqualTo(1);
            }
            // And a restarted scorer, whose store is rebuilt from the models topic (tampered records last), still
            // scores with version 1; at once, since the closed instance left its group
            try (StreamingApp restarted = start(config, EnumSet.of(StreamingApp.Role.SCORER),
                    new SimpleMeterRegistry())) {
                send(producer, config, "after-restart");
                var score = scoreOf(scores, "after-restart", Duration.ofSeconds(35));
                assertThat(score.get("status").asText()).isEqualTo("scored");
                assertThat(score.get("model_version").asLong()).isEqualTo(1);
                // And a good newer version is still taken
                producer.send(new ProducerRecord<>(modelsTopic, "default", TestModels.snapshot(2))).get();
                await(() -> restarted.liveModel().version() == 2, Duration.ofSeconds(30), v -> "version 2 not taken");
            }
            System.out.printf("tampering end to end: %d tampered snapshots after version 1 rejected (metric and log "
                    + "line each); scores kept version 1, also after a restart; version 2 then taken%n",
                    tampered.size());
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, StreamingConfig config, String id)
            throws Exception {
        producer.send(new ProducerRecord<>(config.topics().points().name(), id,
                PointFeed.json(id, List.of("x", "y"), new double[] {2.83, 0}, 1))).get();
    }

    private static com.fasterxml.jackson.databind.JsonNode scoreOf(CommittedReader scores, String id,
                                                                   Duration timeout) throws Exception {
        scores.readUntil(r -> r.stream().anyMatch(s -> ExactlyOnce.id(s).equals(id)), timeout,
                () -> "no score for " + id + " (within the consumer session timeout of 45 s only if the last "
                        + "instance left its group on close)");
        byte[] value = scores.records().stream().filter(s -> ExactlyOnce.id(s).equals(id)).findFirst().orElseThrow()
                .value();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(value);
    }
}
