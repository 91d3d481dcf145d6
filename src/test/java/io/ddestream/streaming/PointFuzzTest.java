package io.ddestream.streaming;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing both roles' topologies with 10,000 malformed records mixed with 2,000 valid ones (a seeded
 * {@link PointFuzzer}): every malformed record reaches the dead-letter topic with its reason, every valid one is
 * scored exactly once, nothing fails, and the trainer learns exactly what it learns without the garbage.
 */
class PointFuzzTest {

    private static final List<String> FEATURES = List.of("x", "y");
    private static final int MAX_POINT_BYTES = 65_536; // the command line's default
    private static final int MALFORMED = 10_000;
    private static final int VALID = 2_000;
    private static final long SEED = 20_260_101L;
    /** Both trainer runs start their mock wall clocks here, so their models' provenance is identical. */
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final Topics topics = Topics.defaults();

    private static Properties driverProperties(String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return props;
    }

    @Test
    void shouldDeadLetterEveryMalformedRecordWithItsReasonAndScoreEveryValidOne(@TempDir Path stateDir) {
        // Given a scorer with a model, and a seeded mix of malformed and valid records
        MeterRegistry metrics = new SimpleMeterRegistry();
        LiveModel live = new LiveModel(FEATURES, metrics);
        PointFuzzer fuzzer = new PointFuzzer(SEED, MAX_POINT_BYTES);
        List<PointFuzzer.Case> cases = fuzzer.mix(MALFORMED, VALID);
        try (TopologyTestDriver driver = new TopologyTestDriver(ScorerTopology.build(topics,
                new PointParser(FEATURES, MAX_POINT_BYTES), "default", live, metrics),
                driverProperties("scorer-fuzz", stateDir))) {
            driver.createInputTopic(topics.models().name(), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer()).pipeInput("default", TestModels.snapshot(1));
            TestInputTopic<byte[], byte[]> points = driver.createInputTopic(topics.points().name(),
                    Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            TestOutputTopic<String, ScoreRecord> scores = driver.createOutputTopic(topics.scores().name(),
                    Serdes.String().deserializer(), ScoreJson.serde().deserializer());
            TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(topics.deadLetters().name(),
                    Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());

            // When every record is piped in (an exception here would be a crash of the role)
            long start = System.nanoTime();
            for (PointFuzzer.Case c : cases) {
                points.pipeInput(new TestRecord<>(null, c.value()));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;

            // Then every malformed record is in the dead-letter topic, in order, unchanged, with its reason
            List<PointFuzzer.Case> malformed = cases.stream().filter(c -> !c.valid()).toList();
            List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
            assertThat(dead).hasSize(MALFORMED);
            for (int i = 0; i < dead.size(); i++) {
                PointFuzzer.Case c = malformed.get(i);
                assertThat(header(dead.get(i), PointValidator.REASON_HEADER)).as("%s: %s", c.kind(), c.text())
                        .isEqualTo(c.expected().label());
                assertThat(header(dead.get(i), PointValidator.DETAIL_HEADER)).isNotBlank();
                assertThat(dead.get(i).value()).isEqualTo(c.value());
            }
            // And every valid record has exactly one finite score by the model, under its id, in order
            List<KeyValue<String, ScoreRecord>> scored = scores.readKeyValuesToList();
            List<String> validIds = cases.stream().filter(PointFuzzer.Case::valid).map(PointFuzzer.Case::validId)
                    .toList();
            assertThat(scored).extracting(kv -> kv.key).containsExactlyElementsOf(validIds);
            assertThat(scored).allSatisfy(kv -> {
                assertThat(kv.value.status()).isEqualTo(ScoreRecord.Status.SCORED);
                assertThat(kv.value.modelVersion()).isEqualTo(1);
                assertThat(kv.value.score().logDensity()).isFinite();
                assertThat(kv.value.score().pValue()).isBetween(0.0, 1.0);
            });
            // And the metrics count every record by outcome and reason
            Map<RejectionReason, Long> byReason = new EnumMap<>(RejectionReason.class);
            malformed.forEach(c -> byReason.merge(c.expected(), 1L, Long::sum));
            byReason.forEach((reason, count) -> assertThat(metrics.get("dde.points.received")
                    .tags("outcome", "invalid", "reason", reason.label()).counter().count()).isEqualTo((double) count));
            assertThat(metrics.get("dde.points.received").tags("outcome", "valid").counter().count())
                    .isEqualTo(VALID);
            // And every kind of garbage was tried
            Map<String, Long> byKind = malformed.stream()
                    .collect(Collectors.groupingBy(PointFuzzer.Case::kind, TreeMap::new, Collectors.counting()));
            assertThat(byKind.keySet()).containsExactlyInAnyOrderElementsOf(fuzzer.malformedKinds());
            System.out.printf("fuzz scorer: %d malformed records of %d kinds + %d valid in %d ms: %d dead letters "
                    + "(%s), %d scores, model version %d kept%n", MALFORMED, byKind.size(), VALID, millis, dead.size(),
                    byReason.entrySet().stream().map(e -> e.getKey().label() + "=" + e.getValue())
                            .collect(Collectors.joining(", ")), scored.size(), live.version());
        }
    }

    @Test
    void shouldLearnExactlyWhatItLearnsWithoutTheGarbage(@TempDir Path stateDir) {
        // Given the same valid points, once alone and once mixed into 10,000 malformed records
        List<PointFuzzer.Case> mixed = new PointFuzzer(SEED, MAX_POINT_BYTES).mix(MALFORMED, VALID);
        List<PointFuzzer.Case> clean = mixed.stream().filter(PointFuzzer.Case::valid).toList();

        // When a trainer takes each input, then runs the same training rounds
        TrainerRun withoutGarbage = train(clean, stateDir.resolve("clean"));
        TrainerRun withGarbage = train(mixed, stateDir.resolve("mixed"));

        // Then the trainer with garbage admitted exactly the valid points and counted the rest as invalid
        assertThat(withGarbage.admitted).isEqualTo(VALID);
        assertThat(withGarbage.invalid).isEqualTo(MALFORMED);
        assertThat(withoutGarbage.invalid).isZero();
        // And its state (reservoir, standardizer, weights, moments) and published model are bit for bit the same
        assertThat(withGarbage.state).containsExactlyInAnyOrderEntriesOf(withoutGarbage.state);
        assertThat(withGarbage.snapshot).isEqualTo(withoutGarbage.snapshot);
        // And that model is finite and sane: on-mode points are likelier than far ones
        DensityModel model = DensityModelCodec.decode(withGarbage.snapshot);
        assertThat(java.util.Arrays.stream(model.network().parameters().toDoubleVector()).allMatch(Double::isFinite))
                .as("finite weights").isTrue();
        double onMode = model.score(new double[] {2.83, 0}).logDensity();
        double far = model.score(new double[] {6, -6}).logDensity();
        assertThat(onMode).isFinite().isGreaterThan(far);
        System.out.printf("fuzz trainer: %d valid points admitted, %d invalid counted; model version %d after %d "
                        + "steps identical to the clean run's (log p(2.83,0) = %.3f, log p(6,-6) = %.3f)%n",
                withGarbage.admitted, withGarbage.invalid, model.provenance().version(), model.provenance().steps(),
                onMode, far);
    }

    private record TrainerRun(long admitted, long invalid, Map<String, String> state, byte[] snapshot) {
    }

    private TrainerRun train(List<PointFuzzer.Case> cases, Path stateDir) {
        MeterRegistry metrics = new SimpleMeterRegistry();
        // One step per round (a 1 ns budget), so that both runs take the same steps whatever the machine's speed;
        // every point is learned from (no gate), so that the admitted count is exact.
        var settings = TrainerTopologyTest.fastSettings().withRounds(Duration.ofMillis(200), Duration.ofNanos(1))
                .withPublishing(30, Duration.ofHours(1)).withGate(0.01, true);
        try (TopologyTestDriver driver = new TopologyTestDriver(TrainerTopology.build(topics,
                new PointParser(FEATURES, MAX_POINT_BYTES), "default", settings, metrics),
                driverProperties("trainer-fuzz", stateDir), START)) {
            TestInputTopic<byte[], byte[]> points = driver.createInputTopic(topics.points().name(),
                    Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), START, Duration.ZERO);
            TestOutputTopic<String, byte[]> models = driver.createOutputTopic(topics.models().name(),
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            for (PointFuzzer.Case c : cases) {
                points.pipeInput(new TestRecord<>(null, c.value()));
            }
            for (int round = 0; round < 40 && models.isEmpty(); round++) {
                driver.advanceWallClockTime(Duration.ofMillis(200));
            }
            assertThat(models.isEmpty()).as("a model was published").isFalse();
            byte[] snapshot = models.readValue();
            long admitted = 0;
            for (String outcome : List.of("warming_up", "kept", "passed_over", "gated")) {
                admitted += (long) metrics.get("dde.train.points").tag("outcome", outcome).counter().count();
            }
            long invalid = (long) metrics.get("dde.train.points").tag("outcome", "invalid").counter().count();
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(TrainerTopology.STATE_STORE);
            Map<String, String> state = new TreeMap<>();
            try (var all = store.all()) {
                all.forEachRemaining(kv -> state.put(kv.key, hex(kv.value)));
            }
            return new TrainerRun(admitted, invalid, state, snapshot);
        }
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static String header(TestRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
