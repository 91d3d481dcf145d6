package io.ddestream.streaming;

import io.ddestream.testing.CapturedLog;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ScorerTopologyTest {

    private static final List<String> FEATURES = List.of("x", "y");
    private final Topics topics = Topics.defaults();
    private final MeterRegistry metrics = new SimpleMeterRegistry();
    private final LiveModel live = new LiveModel(FEATURES, metrics);
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> points;
    private TestInputTopic<String, byte[]> models;
    private TestOutputTopic<String, ScoreRecord> scores;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scorer-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(ScorerTopology.build(topics, new PointParser(FEATURES, 1024), "default", live,
                metrics), props);
        points = driver.createInputTopic(topics.points().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        models = driver.createInputTopic(topics.models().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        scores = driver.createOutputTopic(topics.scores().name(), Serdes.String().deserializer(),
                ScoreJson.serde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void pipe(String json) {
        points.pipeInput(null, json.getBytes(StandardCharsets.UTF_8));
    }

    private double counter(String name, String... tags) {
        return metrics.get(name).tags(tags).counter().count();
    }

    @Test
    void shouldEmitWarmingUpScoresBeforeAnyModel() {
        // Given no model on the models topic
        // When a point arrives
        pipe("{\"id\":\"a\",\"features\":[1,2],\"ts\":5}");
        // Then it is passed on unscored, never flagged
        ScoreRecord score = scores.readValue();
        assertThat(score.status()).isEqualTo(ScoreRecord.Status.WARMING_UP);
        assertThat(score.id()).isEqualTo("a");
        assertThat(score.anomaly()).isFalse();
        assertThat(score.modelVersion()).isZero();
        assertThat(counter("dde.scores", "status", "warming_up", "anomaly", "false")).isEqualTo(1);
    }

    @Test
    void shouldSwitchToANewerModelWithoutRestart() {
        // Given model version 1
        models.pipeInput("default", TestModels.snapshot(1));
        pipe("{\"id\":\"a\",\"features\":[2.83,0]}");
        assertThat(scores.readValue().modelVersion()).isEqualTo(1);
        // When version 2 is published
        models.pipeInput("default", TestModels.snapshot(2));
        pipe("{\"id\":\"b\",\"features\":[2.83,0]}");
        // Then the next point is scored by it
        ScoreRecord score = scores.readValue();
        assertThat(score.modelVersion()).isEqualTo(2);
        assertThat(score.status()).isEqualTo(ScoreRecord.Status.SCORED);
        assertThat(driver.<String, byte[]>getKeyValueStore(ScorerTopology.MODELS_STORE).get("default"))
                .isEqualTo(TestModels.snapshot(2));
    }

    @Test
    void shouldTimeEveryPointFromItsEventTimeAndRecordThePValuesOfScoredPoints() {
        // Given a point stamped two seconds ago, scored while warming up
        long now = System.currentTimeMillis();
        pipe("{\"id\":\"early\",\"features\":[2.83,0],\"ts\":" + (now - 2_000) + "}");
        // And, once a model is in use, one stamped by a clock a minute ahead
        models.pipeInput("default", TestModels.snapshot(1));
        pipe("{\"id\":\"ahead\",\"features\":[2.83,0],\"ts\":" + (now + 60_000) + "}");

        // Then both are timed, the early one by at least its two seconds and the other as no delay
        Timer latency = metrics.get("dde.score.latency").timer();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.totalTime(TimeUnit.SECONDS)).isBetween(2.0, 60.0);
        assertThat(latency.max(TimeUnit.SECONDS)).isBetween(2.0, 60.0);
        // And only the scored point has a p-value
        DistributionSummary pValues = metrics.get("dde.score.pvalue").summary();
        assertThat(pValues.count()).isEqualTo(1);
        assertThat(pValues.totalAmount()).isEqualTo(scores.readValuesToList().get(1).score().pValue());
    }

    @Test
    void shouldGaugeTheLogZAndAgeOfTheModelInUse() {
        assertThat(metrics.get("dde.model.logz").tag("role", "scorer").gauge().value()).isNaN();
        assertThat(metrics.get("dde.model.age").tag("role", "scorer").gauge().value()).isNaN();
        models.pipeInput("default", TestModels.snapshot(1));
        assertThat(metrics.get("dde.model.logz").tag("role", "scorer").gauge().value())
                .isEqualTo(TestModels.eightGaussians().logPartition().logZ());
        assertThat(metrics.get("dde.model.age").tag("role", "scorer").gauge().value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void shouldFlagPointsFarFromTheDataButNotPointsOnIt() {
        models.pipeInput("default", TestModels.snapshot(1));
        pipe("{\"id\":\"on-a-mode\",\"features\":{\"x\":2.83,\"y\":0}}");
        pipe("{\"id\":\"centre\",\"features\":[0,0]}");
        pipe("{\"id\":\"absurd\",\"features\":[1e100,-1e100]}"); // the largest magnitude accepted
        ScoreRecord onMode = scores.readValue();
        ScoreRecord centre = scores.readValue();
        ScoreRecord absurd = scores.readValue();

        assertThat(onMode.anomaly()).isFalse();
        assertThat(onMode.score().pValue()).isGreaterThan(0.05);
        assertThat(centre.anomaly()).isTrue();
        assertThat(centre.score().logDensity()).isLessThan(onMode.score().logDensity());
        assertThat(centre.score().explanation()).isNotEmpty();
        assertThat(absurd.anomaly()).isTrue();
        assertThat(absurd.status()).isIn(ScoreRecord.Status.SCORED, ScoreRecord.Status.OUT_OF_RANGE);
    }

    @Test
    void shouldKeepTheLastGoodModelWhenASnapshotIsMalformed() {
        // Given version 1 in use
        models.pipeInput("default", TestModels.snapshot(1));
        // When a corrupt snapshot, a stale one and one for other features arrive
        byte[] corrupt = TestModels.snapshot(5);
        corrupt[corrupt.length / 2] ^= 0x5A;
        models.pipeInput("default", corrupt);
        models.pipeInput("default", "not a snapshot".getBytes(StandardCharsets.UTF_8));
        models.pipeInput("default", TestModels.snapshot(0));
        // Then each is counted by reason and version 1 keeps scoring
        assertThat(counter("dde.models.rejected", "reason", "malformed")).isEqualTo(2);
        assertThat(counter("dde.models.rejected", "reason", "stale_version")).isEqualTo(1);
        assertThat(metrics.get("dde.model.version").tag("role", "scorer").gauge().value()).isEqualTo(1);
        pipe("{\"features\":[0,1]}");
        assertThat(scores.readValue().modelVersion()).isEqualTo(1);
    }

    @Test
    void shouldRejectEveryTamperedSnapshotWithAMetricAndALogLineAndKeepScoringWithTheLastGoodModel() {
        // Given version 1 in use
        models.pipeInput("default", TestModels.snapshot(1));
        List<TamperedSnapshots.Tampered> tampered = TamperedSnapshots.all();
        try (CapturedLog log = CapturedLog.start()) {
            for (TamperedSnapshots.Tampered t : tampered) {
                // When a tampered snapshot claiming a newer version arrives
                double before = counter("dde.models.rejected", "reason", t.reason());
                models.pipeInput("default", t.bytes());
                // Then it is counted under its reason, and the next point is still scored by version 1
                assertThat(counter("dde.models.rejected", "reason", t.reason())).as(t.name()).isEqualTo(before + 1);
                pipe("{\"features\":[2.83,0]}");
                ScoreRecord score = scores.readValue();
                assertThat(score.status()).as(t.name()).isEqualTo(ScoreRecord.Status.SCORED);
                assertThat(score.modelVersion()).as(t.name()).isEqualTo(1);
            }
            // And each rejection has its log line, naming the reason and the version kept
            List<String> lines = log.linesContaining("model snapshot rejected");
            assertThat(lines).hasSize(tampered.size());
            assertThat(lines).allSatisfy(line -> assertThat(line).contains("keeping version 1"));
        }
        assertThat(driver.<String, byte[]>getKeyValueStore(ScorerTopology.MODELS_STORE).get("default"))
                .isEqualTo(TestModels.snapshot(1));
        // And a good newer version is still taken
        models.pipeInput("default", TestModels.snapshot(2));
        pipe("{\"features\":[2.83,0]}");
        assertThat(scores.readValue().modelVersion()).isEqualTo(2);
    }

    @Test
    void shouldRejectAModelTrainedOnOtherFeatures() {
        MeterRegistry own = new SimpleMeterRegistry();
        LiveModel other = new LiveModel(List.of("a", "b"), own);
        assertThat(other.offer(TestModels.snapshot(1))).isEqualTo(LiveModel.Outcome.REJECTED);
        assertThat(own.get("dde.models.rejected").tags("reason", "feature_mismatch").counter().count()).isEqualTo(1);
        assertThat(other.current()).isNull();
    }

    @Test
    void shouldIgnoreOtherModelNamesAndTombstones() {
        models.pipeInput("other", TestModels.snapshot(3));
        models.pipeInput("default", (byte[]) null);
        pipe("{\"features\":[0,1]}");
        assertThat(scores.readValue().status()).isEqualTo(ScoreRecord.Status.WARMING_UP);
    }

    @Test
    void shouldRouteMalformedPointToDeadLetterTopicWithReason() {
        // Given a record that is not a point, with a key and a header of its own
        byte[] original = "{\"features\":[1,\"two\"]}".getBytes(StandardCharsets.UTF_8);
        TestRecord<byte[], byte[]> record = new TestRecord<>("k".getBytes(StandardCharsets.UTF_8), original);
        record.headers().add("trace", "t1".getBytes(StandardCharsets.UTF_8));
        // When it is piped in
        points.pipeInput(record);
        // Then the DLQ has the original bytes with the reason, and no score is written
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(original);
        assertThat(dead.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, PointValidator.REASON_HEADER)).isEqualTo("non_numeric");
        assertThat(header(dead, PointValidator.DETAIL_HEADER)).contains("value 1");
        assertThat(header(dead, "trace")).isEqualTo("t1");
        assertThat(scores.isEmpty()).isTrue();
        assertThat(counter("dde.points.received", "outcome", "invalid", "reason", "non_numeric")).isEqualTo(1);
        assertThat(counter("dde.points.received", "outcome", "valid", "reason", "none")).isZero();
    }

    @Test
    void shouldDeadLetterPointsThatCannotBeKeyedOrScoredAndKeepScoring() {
        // Given a model in use
        models.pipeInput("default", TestModels.snapshot(1));
        // When a point with a lone surrogate as id (it has no UTF-8 encoding, so no key) and one with a value that
        // overflows the model's arithmetic arrive, then a normal point
        pipe("{\"id\":\"\\ud800\",\"features\":[1,2]}");
        pipe("{\"id\":\"far\",\"features\":[1.7e308,-1.7e308]}");
        pipe("{\"id\":\"ok\",\"features\":[2.83,0]}");
        // Then the first two are dead letters with their reasons, and scoring goes on
        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, PointValidator.REASON_HEADER))
                .containsExactly("bad_id", "huge_value");
        assertThat(scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("ok");
    }

    @Test
    void shouldUseTheRecordPositionAsIdWhenThePointHasNone() {
        pipe("{\"features\":[1,2]}");
        pipe("{\"features\":[3,4]}");
        assertThat(scores.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactly("dde.points-0-0", "dde.points-0-1");
    }

    private static String header(TestRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
