package io.ddestream.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.streaming.broker.EmbeddedKafkaBroker;
import io.ddestream.testing.IntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roles end to end on a real (embedded) broker, exactly-once: every test uses its own topics and application
 * ids on one broker started for the class.
 */
@Timeout(240)
@IntegrationTest
class StreamingIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
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

    private static StreamingConfig config(String name) {
        return new StreamingConfig(Map.of("bootstrap.servers", broker.bootstrapServers()), new Topics(name),
                List.of("x", "y"), "default", name, stateDir.resolve(name), StreamingConfig.EXACTLY_ONCE, 1, 4096,
                TrainerTopologyTest.fastSettings());
    }

    private static StreamingApp start(StreamingConfig config, Set<StreamingApp.Role> roles) throws Exception {
        try (Admin admin = Admin.create(StreamsSettings.client(config))) {
            TopicSetup.ensure(admin, config.topics(), 3);
        }
        StreamingApp app = StreamingApp.start(config, roles, new SimpleMeterRegistry());
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("roles running").isTrue();
        return app;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(StreamsSettings.producer(Map.of("bootstrap.servers", broker.bootstrapServers())),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static byte[] point(String id, double x, double y) {
        return ("{\"id\":\"" + id + "\",\"features\":{\"x\":" + x + ",\"y\":" + y + "},\"ts\":"
                + System.currentTimeMillis() + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a topic from the start, read-committed, until {@code done} holds for everything read so far. */
    private static List<ConsumerRecord<byte[], byte[]>> readUntil(String topic,
                                                                 Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                                 Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldWriteExactlyOneScorePerPointMatchedByIdAndRouteMalformedRecordsToTheDeadLetterTopic()
            throws Exception {
        StreamingConfig config = config("exactly-once");
        try (StreamingApp app = start(config, Set.of(StreamingApp.Role.SCORER));
             KafkaProducer<String, byte[]> producer = producer()) {
            // Given N valid points with distinct ids and one malformed record
            int n = 3000;
            Set<String> ids = new HashSet<>();
            double[][] rows = ToyDistribution.EIGHT_GAUSSIANS.sample(n, new Random(1));
            for (int i = 0; i < n; i++) {
                String id = "p-" + i;
                ids.add(id);
                producer.send(new ProducerRecord<>(config.topics().points().name(), id, point(id, rows[i][0], rows[i][1])));
            }
            producer.send(new ProducerRecord<>(config.topics().points().name(), "bad",
                    "{\"features\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8)));
            producer.flush();

            // When the scores are read
            List<ConsumerRecord<byte[], byte[]>> scores = readUntil(config.topics().scores().name(),
                    r -> r.size() >= n, Duration.ofSeconds(90));
            // Then there is exactly one per point, by id, and nothing more arrives
            List<ConsumerRecord<byte[], byte[]>> settled = readUntil(config.topics().scores().name(),
                    r -> false, Duration.ofSeconds(3));
            assertThat(settled).hasSize(n);
            List<String> scoredIds = scores.stream().map(r -> json(r).get("id").asText()).toList();
            assertThat(new HashSet<>(scoredIds)).isEqualTo(ids);
            assertThat(scores).allSatisfy(r -> assertThat(json(r).get("status").asText()).isEqualTo("warming_up"));

            // And the malformed record is in the dead-letter topic with its reason
            List<ConsumerRecord<byte[], byte[]>> dead = readUntil(config.topics().deadLetters().name(),
                    r -> !r.isEmpty(), Duration.ofSeconds(30));
            assertThat(dead).hasSize(1);
            Header reason = dead.get(0).headers().lastHeader(PointValidator.REASON_HEADER);
            assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isEqualTo("missing_features");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"features\":{\"x\":1}}");
        }
    }

    @Test
    void shouldSwitchToANewerModelWithoutRestart() throws Exception {
        StreamingConfig config = config("hot-swap");
        try (StreamingApp app = start(config, Set.of(StreamingApp.Role.SCORER));
             KafkaProducer<String, byte[]> producer = producer()) {
            String points = config.topics().points().name();
            String scores = config.topics().scores().name();
            // Given model version 1 on the models topic, and scores by it
            producer.send(new ProducerRecord<>(config.topics().models().name(), "default", TestModels.snapshot(1))).get();
            awaitScoreOfVersion(producer, points, scores, 1);
            // When version 2 is published
            producer.send(new ProducerRecord<>(config.topics().models().name(), "default", TestModels.snapshot(2))).get();
            // Then new points are scored by version 2, by the same running application
            awaitScoreOfVersion(producer, points, scores, 2);
            assertThat(app.running()).isTrue();
        }
    }

    /** Sends points until one is scored by the given model version (a model reaches the scorer asynchronously). */
    private static void awaitScoreOfVersion(KafkaProducer<String, byte[]> producer, String points, String scores,
                                            long version) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int sent = 0;
        while (System.nanoTime() < deadline) {
            String id = "v" + version + "-" + sent++;
            producer.send(new ProducerRecord<>(points, id, point(id, 2.83, 0)));
            producer.flush();
            List<ConsumerRecord<byte[], byte[]>> read = readUntil(scores,
                    r -> r.stream().anyMatch(s -> json(s).get("id").asText().equals(id)), Duration.ofSeconds(10));
            if (read.stream().map(StreamingIntegrationTest::json)
                    .anyMatch(s -> s.get("id").asText().equals(id) && s.get("model_version").asLong() >= version)) {
                return;
            }
        }
        throw new AssertionError("no point was scored by model version " + version + " or newer");
    }

    @Test
    void shouldTrainIncreasingModelVersionsThatFlagInjectedAnomalies() throws Exception {
        StreamingConfig config = config("learning");
        try (StreamingApp app = start(config, Set.of(StreamingApp.Role.SCORER, StreamingApp.Role.TRAINER));
             KafkaProducer<String, byte[]> producer = producer()) {
            String points = config.topics().points().name();
            // Given enough toy points for the warm-up and training
            double[][] train = ToyDistribution.EIGHT_GAUSSIANS.sample(3000, new Random(2));
            for (int i = 0; i < train.length; i++) {
                producer.send(new ProducerRecord<>(points, "t-" + i, point("t-" + i, train[i][0], train[i][1])));
            }
            producer.flush();
            // When the trainer has published two versions
            List<ConsumerRecord<byte[], byte[]>> models = readUntil(config.topics().models().name(),
                    r -> r.size() >= 2, Duration.ofSeconds(120));
            List<Long> versions = models.stream()
                    .map(r -> DensityModelCodec.decode(r.value()).provenance().version()).toList();
            // Then their versions increase
            assertThat(versions).hasSizeGreaterThanOrEqualTo(2);
            assertThat(versions).isSorted().doesNotHaveDuplicates();
            assertThat(versions.get(0)).isEqualTo(1);

            // And once the scorer uses a model, injected anomalies are flagged far more often than normal points
            awaitScoreOfVersion(producer, points, config.topics().scores().name(), versions.get(versions.size() - 1));
            Random rng = new Random(3);
            double[][] normal = ToyDistribution.EIGHT_GAUSSIANS.sample(1000, rng);
            for (int i = 0; i < normal.length; i++) {
                producer.send(new ProducerRecord<>(points, "n-" + i, point("n-" + i, normal[i][0], normal[i][1])));
            }
            int anomalies = 100;
            for (int i = 0; i < anomalies; i++) {
                // Uniform on a ring of radius 5 to 6 around the toy (its modes lie at radius 2.83)
                double angle = rng.nextDouble() * 2 * Math.PI;
                double radius = 5 + rng.nextDouble();
                producer.send(new ProducerRecord<>(points, "a-" + i,
                        point("a-" + i, radius * Math.cos(angle), radius * Math.sin(angle))));
            }
            producer.flush();
            List<JsonNode> scored = readUntil(config.topics().scores().name(),
                    r -> r.stream().filter(s -> json(s).get("id").asText().matches("[na]-\\d+")).count()
                            >= normal.length + anomalies, Duration.ofSeconds(60))
                    .stream().map(StreamingIntegrationTest::json)
                    .filter(s -> s.get("id").asText().matches("[na]-\\d+")).toList();
            assertThat(scored).hasSize(normal.length + anomalies);
            assertThat(scored).allSatisfy(s -> assertThat(s.get("status").asText()).isEqualTo("scored"));
            double normalRate = flaggedShare(scored, "n-");
            double anomalyRate = flaggedShare(scored, "a-");
            assertThat(anomalyRate).as("share of anomalies flagged").isGreaterThan(0.8);
            assertThat(normalRate).as("share of normal points flagged").isLessThan(0.1);
        }
    }

    private static double flaggedShare(List<JsonNode> scores, String prefix) {
        List<JsonNode> group = scores.stream().filter(s -> s.get("id").asText().startsWith(prefix)).toList();
        return group.stream().filter(s -> s.get("anomaly").asBoolean()).count() / (double) group.size();
    }
}
