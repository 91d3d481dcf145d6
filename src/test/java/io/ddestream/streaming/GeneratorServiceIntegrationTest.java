package io.ddestream.streaming;

import io.ddestream.testing.TestSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.generator.EnergyDistance;
import io.ddestream.engine.generator.GeneratorCheckpoint;
import io.ddestream.engine.generator.GeneratorConfig;
import io.ddestream.streaming.broker.EmbeddedKafkaBroker;
import io.ddestream.engine.generator.GeneratorServiceSettings;
import io.ddestream.engine.density.TrainerSettings;
import io.ddestream.testing.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator service end to end on the embedded broker, with the trainer learning from the demo's 2D stream
 * (8 gaussians). One system for the class, three steps in order: the samples approach the stream as the service
 * trains; after a restart the service resumes from its checkpoint; when the stream shifts, the samples follow.
 * Energy distances are in the stream's units, between the newest {@value #WINDOW} published samples and
 * {@value #TRUTH} fresh points of the stream.
 *
 * <p>Settings are short (small networks, frequent models and checkpoints) and the bounds generous: the point is
 * the direction and that it happens in bounded time on a busy 2-core machine; the figures are printed.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@IntegrationTest
class GeneratorServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WINDOW = 800;
    private static final int TRUTH = 2000;
    private static final double[] SHIFT = {2, 2};

    @TempDir
    static Path stateDir;

    private EmbeddedKafkaBroker broker;
    private StreamingConfig config;
    private StreamingApp trainer;
    private StreamingApp generator;
    private MeterRegistry generatorMetrics;
    private StreamFeed feed;
    private SampleReader samples;
    private final long startNanos = System.nanoTime();

    @BeforeAll
    void startTrainerGeneratorAndStream() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        TrainingConfig training = new TrainingConfig(32, 3, 128, 1e-3, SigmaSchedule.constant(0.1), 3, 1e4);
        // Learns from every point (no anomaly gate: a shifted stream would be gated as anomalous), and keeps about
        // the latest 2,000 (a uniform sample of the whole stream would take as long as the stream ran to turn over).
        TrainerSettings trainerSettings = TestSettings.trainer(training, 1000)
                .withWarmup(500, 2000).withReservoirHorizon(2000)
                .withRounds(Duration.ofMillis(200), Duration.ofMillis(100))
                .withPublishing(200, Duration.ofSeconds(2)).withGate(0, true);
        GeneratorServiceSettings generatorSettings = GeneratorServiceSettings.defaults("test")
                .withGenerator(new GeneratorConfig(64, 2, 128, 3e-3, 3, 1))
                .withRounds(Duration.ofMillis(200), Duration.ofMillis(100), 0).withSamplesPerSecond(300)
                .withSnapshots(200, Duration.ofSeconds(3)).withKl(300, 1000);
        config = new StreamingConfig(Map.of("bootstrap.servers", broker.bootstrapServers()), new Topics("gen"),
                List.of("x", "y"), "default", "gen-it", stateDir, StreamingConfig.EXACTLY_ONCE, 1, 4096,
                trainerSettings, generatorSettings);
        try (Admin admin = Admin.create(StreamsSettings.client(config))) {
            TopicSetup.ensure(admin, config.topics(), 1);
        }
        trainer = StreamingApp.start(config, Set.of(StreamingApp.Role.TRAINER), new SimpleMeterRegistry());
        startGenerator();
        samples = new SampleReader(broker.bootstrapServers(), config.topics().samples().name());
        feed = new StreamFeed(broker.bootstrapServers(), config.topics().points().name(), 250);
    }

    private void startGenerator() throws InterruptedException {
        generatorMetrics = new SimpleMeterRegistry();
        generator = StreamingApp.start(config, Set.of(StreamingApp.Role.GENERATOR), generatorMetrics);
        assertThat(generator.awaitRunning(Duration.ofSeconds(60))).as("generator running").isTrue();
    }

    @AfterAll
    void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {feed, samples, generator, trainer, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }

    @Test
    @Order(1)
    void publishedSamplesApproachTheStreamAsTheServiceTrains() throws Exception {
        // Given the first samples (a generator that has barely trained)
        samples.await(WINDOW, Duration.ofSeconds(90));
        double[][] truth = toy(TRUTH, new Random(1), new double[2]);
        double first = EnergyDistance.between(samples.first(WINDOW), truth);
        System.out.printf(Locale.ROOT, "generator curve (t = seconds since start, energy distance to the stream):%n");
        System.out.printf(Locale.ROOT, "  t %5.1f  first %d samples  ED %.4f%n", seconds(), WINDOW, first);

        // When the service trains on, the newest samples come closer to the stream
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Double> curve = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Thread.sleep(3000);
            double distance = EnergyDistance.between(samples.newest(WINDOW), truth);
            curve.add(distance);
            System.out.printf(Locale.ROOT, "  t %5.1f  steps %5.0f  ED %.4f  KL %.3f%n", seconds(), steps(), distance,
                    generatorMetrics.get("dde.generator.kl").gauge().value());
            if (curve.size() >= 3 && lastTwoBelow(curve, 0.5 * first)) {
                break;
            }
        }
        // Then the distance has fallen well below where it started
        assertThat(Math.min(curve.get(curve.size() - 1), curve.get(curve.size() - 2)))
                .as("energy distance of the newest samples, against %.4f for the first", first)
                .isLessThan(0.6 * first);
    }

    @Test
    @Order(2)
    void resumesFromItsCheckpointAfterARestart() throws Exception {
        // Given the generator has published checkpoints, and stops cleanly (publishing its last)
        double stepsBefore = steps();
        generator.close();
        List<GeneratorCheckpoint> before = checkpoints();
        GeneratorCheckpoint last = before.get(before.size() - 1);
        assertThat((double) last.state().steps()).isGreaterThanOrEqualTo(stepsBefore);
        int samplesBefore = samples.count();

        // When it starts again
        startGenerator();

        // Then its first checkpoint continues the step count and versions of the last one
        GeneratorCheckpoint resumed = awaitCheckpoint(last.version() + 1);
        System.out.printf(Locale.ROOT, "restart: last checkpoint version %d at step %d; the restarted service's "
                        + "first: version %d at step %d%n", last.version(), last.state().steps(), resumed.version(),
                resumed.state().steps());
        assertThat(resumed.version()).isEqualTo(last.version() + 1);
        assertThat(resumed.state().steps()).isGreaterThanOrEqualTo(last.state().steps()).isPositive();
        assertThat(resumed.state().sq().steps()).isGreaterThanOrEqualTo(last.state().sq().steps());
        // And its samples carry the new version, and no sample id was ever published twice
        samples.await(samplesBefore + 50, Duration.ofSeconds(30));
        assertThat(samples.idsAfter(samplesBefore)).allMatch(id -> !id.startsWith("gen-" + last.version() + "-"));
        List<String> ids = samples.ids();
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    }

    @Test
    @Order(3)
    void publishedSamplesFollowAShiftOfTheStream() throws Exception {
        double[][] oldTruth = toy(TRUTH, new Random(2), new double[2]);
        double[][] newTruth = toy(TRUTH, new Random(3), SHIFT);
        double apart = EnergyDistance.between(oldTruth, newTruth);
        // Given the stream moves by a constant
        long shiftedAt = System.nanoTime();
        feed.shift(SHIFT, 1000);
        System.out.printf(Locale.ROOT, "shift by (%.0f, %.0f) after %d points: ED(old stream, new stream) %.3f%n",
                SHIFT[0], SHIFT[1], feed.sentBeforeShift(), apart);

        // When the service runs on, its newest samples move to the new stream
        long deadline = shiftedAt + Duration.ofSeconds(90).toNanos();
        double followSeconds = Double.NaN;
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            double[][] newest = samples.newest(WINDOW);
            double toNew = EnergyDistance.between(newest, newTruth);
            double toOld = EnergyDistance.between(newest, oldTruth);
            double since = (System.nanoTime() - shiftedAt) / 1e9;
            System.out.printf(Locale.ROOT, "  %5.1f s after the shift: steps %5.0f, data model v%.0f, ED to new %.4f, "
                    + "to old %.4f%n", since, steps(), dataModelVersion(), toNew, toOld);
            if (toNew < 0.1 * apart) {
                followSeconds = since;
                break;
            }
        }
        // Then they follow within a bounded time: closer to the new stream than a tenth of the way apart
        System.out.printf(Locale.ROOT, "the samples followed the shift in %.1f s (%d points sent since)%n",
                followSeconds, feed.sent() - feed.sentBeforeShift());
        assertThat(followSeconds).as("seconds until the samples followed the shift").isLessThan(90);
    }

    private static boolean lastTwoBelow(List<Double> curve, double bound) {
        return curve.get(curve.size() - 1) < bound && curve.get(curve.size() - 2) < bound;
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private double steps() {
        return generatorMetrics.get("dde.generator.steps").functionCounter().count();
    }

    private double dataModelVersion() {
        return generatorMetrics.get("dde.model.version").tag("role", "generator").gauge().value();
    }

    private static double[][] toy(int n, Random rng, double[] shift) {
        double[][] points = ToyDistribution.EIGHT_GAUSSIANS.sample(n, rng);
        for (double[] p : points) {
            p[0] += shift[0];
            p[1] += shift[1];
        }
        return points;
    }

    /** Every checkpoint on the generator models topic, in order (read committed, to the end). */
    private List<GeneratorCheckpoint> checkpoints() {
        String topic = config.topics().generatorModels().name();
        List<GeneratorCheckpoint> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(GeneratorCheckpoint.decode(r.value()));
                }
            }
        }
        return out;
    }

    private GeneratorCheckpoint awaitCheckpoint(long version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (GeneratorCheckpoint c : checkpoints()) {
                if (c.version() == version) {
                    return c;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no checkpoint of version " + version);
    }

    private Map<String, Object> consumerProperties() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, TrainerTopology.MAX_RECORD_BYTES);
    }

    /** The demo's stream: 8 gaussians at a set rate, moved by a settable offset, from a thread of its own. */
    private static final class StreamFeed implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final Thread thread;
        private volatile double[] offset = {0, 0};
        private volatile double rate;
        private volatile long sent;
        private volatile long sentBeforeShift = -1;
        private volatile boolean stopping;

        StreamFeed(String bootstrap, String topic, double rate) {
            this.producer = new KafkaProducer<>(StreamsSettings.producer(Map.of("bootstrap.servers", bootstrap)),
                    new StringSerializer(), new ByteArraySerializer());
            this.rate = rate;
            this.thread = new Thread(() -> run(topic), "test-stream");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void run(String topic) {
            Random rng = new Random(7);
            List<String> features = List.of("x", "y");
            long next = System.nanoTime();
            while (!stopping) {
                double[] shift = offset;
                for (double[] p : ToyDistribution.EIGHT_GAUSSIANS.sample(50, rng)) {
                    double[] x = {p[0] + shift[0], p[1] + shift[1]};
                    String id = "t-" + sent;
                    producer.send(new ProducerRecord<>(topic, id, PointFeed.json(id, features, x,
                            System.currentTimeMillis())));
                    sent++;
                }
                next += (long) (50 / rate * 1e9);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                } else {
                    next = System.nanoTime();
                }
            }
        }

        void shift(double[] by, double newRate) {
            sentBeforeShift = sent;
            offset = by.clone();
            rate = newRate;
        }

        long sent() {
            return sent;
        }

        long sentBeforeShift() {
            return sentBeforeShift;
        }

        @Override
        public void close() throws InterruptedException {
            stopping = true;
            thread.join(5000);
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Reads the samples topic (read committed) from a thread of its own, keeping every sample in order. */
    private final class SampleReader implements AutoCloseable {
        // Guarded by this reader (a copy-on-write list would copy everything on every sample).
        private final List<String> ids = new ArrayList<>();
        private final List<double[]> points = new ArrayList<>();
        private final Thread thread;
        private volatile boolean stopping;

        SampleReader(String bootstrap, String topic) {
            this.thread = new Thread(() -> run(topic), "test-samples");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void run(String topic) {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                while (!stopping) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        JsonNode sample = json(r.value());
                        JsonNode features = sample.get("features");
                        assertThat(sample.get("id").asText()).isEqualTo(r.key());
                        synchronized (this) {
                            points.add(new double[] {features.get("x").asDouble(), features.get("y").asDouble()});
                            ids.add(r.key());
                        }
                    }
                }
            }
        }

        private JsonNode json(byte[] value) {
            try {
                return JSON.readTree(value);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        void await(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + count() + " samples after " + timeout);
                }
                Thread.sleep(100);
            }
        }

        synchronized int count() {
            return points.size();
        }

        synchronized double[][] first(int n) {
            return points.subList(0, n).toArray(double[][]::new);
        }

        synchronized double[][] newest(int n) {
            return points.subList(Math.max(0, points.size() - n), points.size()).toArray(double[][]::new);
        }

        synchronized List<String> ids() {
            return List.copyOf(ids);
        }

        synchronized List<String> idsAfter(int index) {
            return List.copyOf(ids.subList(index, ids.size()));
        }

        @Override
        public void close() throws InterruptedException {
            stopping = true;
            thread.join(5000);
        }
    }
}
