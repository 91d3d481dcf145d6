package io.ddestream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.cli.BuildInfo;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.dde.TrainingSettings;
import io.ddestream.engine.density.CalibrationSettings;
import io.ddestream.engine.density.DensitySettings;
import io.ddestream.engine.density.SigmaChoice;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.streaming.LiveModel;
import io.ddestream.streaming.Point;
import io.ddestream.streaming.PointJson;
import io.ddestream.streaming.ScorerTopology;
import io.ddestream.streaming.StreamingConfig;
import io.ddestream.streaming.StreamsSettings;
import io.ddestream.streaming.TopicSetup;
import io.ddestream.streaming.Topics;
import io.ddestream.streaming.broker.EmbeddedKafkaBroker;
import io.ddestream.engine.density.TrainerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * End-to-end throughput and latency of the scorer on the embedded broker, against a pass-through topology over the
 * same data as the baseline. Both run exactly-once with the same threads and partitions; each gets its own copy of
 * the points topic.
 *
 * <ul>
 *   <li>Throughput: N JSON points are produced first; the application then starts, and events/s counts its outputs
 *       from the first to the last as a read-committed consumer receives them.</li>
 *   <li>Latency: then, with the backlog drained, points are produced at a steady rate; latency runs from a point's
 *       producer timestamp (outputs keep it) to its output's arrival at a read-committed consumer, so it includes
 *       the exactly-once commit interval.</li>
 * </ul>
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "End-to-end events/s and latency of the scorer (JSON points in, scores out) on an embedded "
                + "broker, against a pass-through topology over the same data; the last line is JSON.")
final class StreamBench implements Callable<Integer> {

    private static final List<String> FEATURES = List.of("x", "y");

    @Option(names = "--points", defaultValue = "200000", description = "Points for the throughput run (default ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the points topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--threads", defaultValue = "2", description = "Stream threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--latency-rate", defaultValue = "2000", description = "Points/s in the latency run (default ${DEFAULT-VALUE}).")
    int latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "5", description = "Length of the latency run (default ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--processing-guarantee", defaultValue = StreamingConfig.EXACTLY_ONCE,
            description = "For both applications (default ${DEFAULT-VALUE}).")
    String processingGuarantee;

    /** One application's figures. */
    private record Result(double eventsPerSecond, double p50Millis, double p99Millis) {
    }

    @Override
    public Integer call() throws Exception {
        byte[][] backlog = jsonPoints(points, new Random(11), "b-");
        System.out.printf("bench stream: %d JSON points, %d partitions, %d stream threads, %s%n", points, partitions,
                threads, processingGuarantee);
        Path stateDir = Files.createTempDirectory("dde-bench-state-");
        Result passthrough;
        Result scorer;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            passthrough = run(broker, stateDir, "passthrough", backlog, null);
            print("pass-through", passthrough);
            scorer = run(broker, stateDir, "scorer", backlog, quickModel());
            print("scorer", scorer);
        } finally {
            try (var paths = Files.walk(stateDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        double ratio = scorer.eventsPerSecond() / passthrough.eventsPerSecond();
        System.out.printf("scorer / pass-through: %.2f%n", ratio);
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("bench", "stream").put("points", points).put("partitions", partitions).put("threads", threads)
                .put("processing_guarantee", processingGuarantee)
                .put("events_per_s", Math.round(scorer.eventsPerSecond()))
                .put("passthrough_events_per_s", Math.round(passthrough.eventsPerSecond()))
                .put("ratio", Math.round(ratio * 1000) / 1000.0)
                .put("latency_p50_ms", scorer.p50Millis()).put("latency_p99_ms", scorer.p99Millis())
                .put("passthrough_latency_p50_ms", passthrough.p50Millis())
                .put("passthrough_latency_p99_ms", passthrough.p99Millis());
        System.out.println(json);
        return 0;
    }

    private static void print(String name, Result r) {
        System.out.printf("%-13s %9.0f events/s   latency p50 %6.1f ms, p99 %6.1f ms%n", name, r.eventsPerSecond(),
                r.p50Millis(), r.p99Millis());
    }

    /** Runs one application on its own topics: throughput over the backlog, then latency at a steady rate. */
    private Result run(EmbeddedKafkaBroker broker, Path stateDir, String name, byte[][] backlog, DensityModel model)
            throws Exception {
        Map<String, String> client = Map.of("bootstrap.servers", broker.bootstrapServers());
        StreamingConfig config = new StreamingConfig(client, new Topics("bench-" + name), FEATURES, "default",
                "bench", stateDir, processingGuarantee, threads, 65536, TrainerSettings.defaults(BuildInfo.version()));
        Topics topics = config.topics();
        try (Admin admin = Admin.create(StreamsSettings.client(config))) {
            TopicSetup.ensure(admin, topics, partitions);
        }
        String output = topics.scores().name(); // the pass-through copies there too
        try (KafkaProducer<byte[], byte[]> producer = producer(client)) {
            if (model != null) {
                producer.send(new ProducerRecord<>(topics.models().name(), "default".getBytes(StandardCharsets.UTF_8),
                        DensityModelCodec.encode(model)));
            }
            for (byte[] point : backlog) {
                producer.send(new ProducerRecord<>(topics.points().name(), point));
            }
            producer.flush();
        }
        Topology topology = model == null ? passthrough(topics)
                : ScorerTopology.build(topics, config.pointParser(), "default",
                new LiveModel(FEATURES, new SimpleMeterRegistry()), new SimpleMeterRegistry());
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(client, output);
             KafkaStreams app = new KafkaStreams(topology, StreamsSettings.streams(config, name))) {
            consumer.poll(Duration.ofMillis(100)); // join the group before the outputs start
            app.start();
            double eventsPerSecond = throughput(consumer, backlog.length);
            double[] latencies = latencies(client, consumer, topics.points().name());
            return new Result(eventsPerSecond, percentile(latencies, 0.50), percentile(latencies, 0.99));
        }
    }

    /** Copies every record from the points topic to the scores topic's place, untouched: the baseline. */
    private static Topology passthrough(Topics topics) {
        Topology topology = new Topology();
        topology.addSource("points-source", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.points().name());
        topology.addSink("copy-sink", topics.scores().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), "points-source");
        return topology;
    }

    private static double throughput(KafkaConsumer<byte[], byte[]> consumer, int expected) {
        long first = 0;
        long last = 0;
        int firstBatch = 0;
        int received = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (received < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + received + " of " + expected + " outputs within 5 minutes");
            }
            int n = consumer.poll(Duration.ofMillis(100)).count();
            if (n > 0) {
                last = System.nanoTime();
                if (received == 0) {
                    first = last;
                    firstBatch = n;
                }
                received += n;
            }
        }
        return (received - firstBatch) / ((last - first) / 1e9);
    }

    /** Produces points at the latency rate and returns each one's end-to-end latency in milliseconds. */
    private double[] latencies(Map<String, String> client, KafkaConsumer<byte[], byte[]> consumer, String topic)
            throws InterruptedException {
        int n = latencyRate * latencySeconds;
        byte[][] live = jsonPoints(n, new Random(12), "l-");
        double[] latencies = new double[n];
        int received = 0;
        Properties props = StreamsSettings.producer(client);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            int sent = 0;
            while (received < n) {
                long due = start + (long) (sent * 1e9 / latencyRate);
                while (sent < n && System.nanoTime() >= due) {
                    producer.send(new ProducerRecord<>(topic, live[sent]));
                    sent++;
                    due = start + (long) (sent * 1e9 / latencyRate);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(1))) {
                    latencies[received++] = System.currentTimeMillis() - r.timestamp();
                }
                if (System.nanoTime() - start > Duration.ofSeconds(latencySeconds + 60L).toNanos()) {
                    throw new IllegalStateException("only " + received + " of " + n + " latency points came back");
                }
            }
        }
        return latencies;
    }

    private static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static byte[][] jsonPoints(int n, Random rng, String idPrefix) {
        double[][] rows = ToyDistribution.EIGHT_GAUSSIANS.sample(n, rng);
        long now = System.currentTimeMillis();
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = PointJson.write(new Point(idPrefix + i, rows[i], now));
        }
        return out;
    }

    /** A model of the streaming trainer's default size (width 64, depth 4), briefly trained: scoring costs the same. */
    private static DensityModel quickModel() {
        DensitySettings settings = new DensitySettings(TrainingSettings.defaults(256), SigmaChoice.given(0.1),
                Standardizer.Method.MOMENTS, new CalibrationSettings(5000, 0.01), BuildInfo.version());
        double[][] rows = ToyDistribution.EIGHT_GAUSSIANS.sample(5000, new Random(13));
        return DensityFitter.fit(FEATURES, rows, settings, 300, DensityFitter.Progress.NONE);
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, String> client) {
        Properties props = StreamsSettings.producer(client);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, String> client, String topic) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
