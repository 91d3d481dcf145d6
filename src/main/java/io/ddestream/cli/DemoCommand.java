package io.ddestream.cli;

import io.ddestream.data.CsvTable;
import io.ddestream.data.ToyDistribution;
import io.ddestream.observability.Observability;
import io.ddestream.observability.ProcessMetrics;
import io.ddestream.streaming.PointFeed;
import io.ddestream.streaming.StreamingApp;
import io.ddestream.streaming.StreamingConfig;
import io.ddestream.streaming.StreamsSettings;
import io.ddestream.streaming.TopicSetup;
import io.ddestream.streaming.Topics;
import io.ddestream.streaming.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code dde demo}: the whole streaming system in one process: an embedded broker, the scorer, trainer and
 * generator roles, a producer of a built-in stream (a 2D toy with injected anomalies) or of a CSV file, and the
 * HTTP server with {@code /metrics}, {@code /health} and the live page. Prints where to look, then a status line
 * every few seconds, until Ctrl-C or {@code --duration}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker, the scorer, trainer and generator roles, a producer of points,",
                "and the HTTP server (/metrics, /health, the live page at http://127.0.0.1:8080/ by default);",
                "print a status line every few seconds; stop cleanly on Ctrl-C (or after --duration).",
                "By default the points come from the 8-gaussians toy with 2%% injected anomalies (uniform on [-6, 6]^2)."})
final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Option(names = "--toy", defaultValue = "8gaussians",
            description = "8gaussians, 2spirals, checkerboard or rings (default ${DEFAULT-VALUE}).")
    String toy;

    @Option(names = "--anomaly-rate", defaultValue = "0.02",
            description = "Share of toy points replaced by uniform anomalies (default ${DEFAULT-VALUE}).")
    double anomalyRate;

    @Option(names = "--input", paramLabel = "FILE.csv", description = "Replay this CSV file (once) instead of a toy.")
    Path input;

    @Option(names = "--ignore", paramLabel = "COL", description = "A CSV column that is not a feature (repeatable).")
    List<String> ignore = List.of();

    @Option(names = "--rate", defaultValue = "500", description = "Points per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
            description = "Stop after this long; 0 runs until Ctrl-C (default ${DEFAULT-VALUE}).")
    long duration;

    @Option(names = "--status-every", defaultValue = "5", paramLabel = "SECONDS",
            description = "Seconds between status lines (default ${DEFAULT-VALUE}).")
    long statusEvery;

    @Option(names = "--port", defaultValue = "0", description = "The broker's client port (default: a free one).")
    int port;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the points topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--stream-seed", defaultValue = "1", description = "Seed of the built-in stream (default ${DEFAULT-VALUE}).")
    long streamSeed;

    @Mixin
    TrainerOptions trainer;

    @Mixin
    HttpOptions http;

    @Mixin
    GeneratorServiceOptions generator;

    @Mixin
    LatencyOptions latency;

    @Override
    public Integer call() throws Exception {
        try (StopSignal stop = new StopSignal();
             RunningDemo demo = start()) {
            printWhereToLook(demo);
            run(stop, demo);
        }
        System.out.println("dde demo: stopped");
        return 0;
    }

    /**
     * Starts everything: the broker, the topics, the roles, the HTTP server and the live page's feed, the score
     * watch, and the producer. The caller closes what it returns (also used by tests, in-process).
     */
    RunningDemo start() throws Exception {
        Source source = input != null ? csvSource() : toySource();
        RunningDemo demo = new RunningDemo(source.description());
        try {
            Path stateDir = Files.createTempDirectory("dde-demo-state-");
            demo.onClose(() -> deleteQuietly(stateDir));
            EmbeddedKafkaBroker broker = demo.onClose(EmbeddedKafkaBroker.start(port, null));
            Map<String, String> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            StreamingConfig config = latency.apply(new StreamingConfig(client, Topics.defaults(),
                    source.features(), "default", "dde-demo", stateDir, StreamingConfig.EXACTLY_ONCE, 1, 65536,
                    trainer.settings(), generator.settings()));
            try (Admin admin = Admin.create(StreamsSettings.client(config))) {
                TopicSetup.ensure(admin, config.topics(), partitions);
            }
            ProcessMetrics metrics = demo.onClose(ProcessMetrics.create());
            StreamingApp app = demo.onClose(StreamingApp.start(config, EnumSet.allOf(StreamingApp.Role.class),
                    metrics.registry()));
            Observability web = demo.onClose(http.start(metrics.registry(), app, config));
            PointFeed feed = demo.onClose(new PointFeed(client, config.topics().points().name(), source.features(),
                    rate));
            ScoreWatch watch = demo.onClose(new ScoreWatch(client, config.topics().scores().name(),
                    config.topics().deadLetters().name()));
            Thread producer = new Thread(() -> produce(source, feed), "dde-demo-producer");
            producer.setDaemon(true);
            demo.onClose(() -> {
                producer.interrupt();
                producer.join(5_000);
            });
            demo.started(config, app, web, feed, watch);
            producer.start();
            return demo;
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
    }

    private void run(StopSignal stop, RunningDemo demo) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = duration > 0 ? start + Duration.ofSeconds(duration).toNanos() : Long.MAX_VALUE;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            if (stop.await(Duration.ofNanos(Math.min(Duration.ofSeconds(statusEvery).toNanos(), remaining)))) {
                System.out.println("dde demo: stopping (Ctrl-C)");
                return;
            }
            if (!demo.app().running()) {
                throw new UserException("a role stopped on an error (see the log above)");
            }
            System.out.printf("[%4ds] sent %d | %s%n", (System.nanoTime() - start) / 1_000_000_000L,
                    demo.feed().sent(), demo.watch().summary());
        }
    }

    private static void produce(Source source, PointFeed feed) {
        try {
            source.emit(feed);
            feed.flush();
            LOG.info("the input is exhausted after {} points; the roles keep running", feed.sent());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void printWhereToLook(RunningDemo demo) {
        StreamingConfig config = demo.config();
        System.out.printf("dde demo: an embedded Kafka broker on %s; the scorer, trainer and generator roles; %s at %.0f points/s%n",
                config.bootstrapServers(), demo.sourceDescription(), rate);
        System.out.printf("  live page:     %s (the learned density, recent points and anomalies, samples, scores)%n",
                demo.web().baseUri());
        System.out.printf("  metrics:       %smetrics (Prometheus; dashboards in grafana/), health: %shealth%n",
                demo.web().baseUri(), demo.web().baseUri());
        System.out.printf("  points in:     %s (JSON; invalid records go to %s with the reason in header dde.dlq.reason)%n",
                config.topics().points().name(), config.topics().deadLetters().name());
        System.out.printf("  scores out:    %s (\"status\":\"warming_up\" until the first model)%n",
                config.topics().scores().name());
        System.out.printf("  models:        %s (compacted; a new version every %d steps or %d s)%n",
                config.topics().models().name(), config.trainer().publishEverySteps(),
                config.trainer().publishEvery().toSeconds());
        System.out.printf("  training feed: %s%n", config.topics().validPoints().name());
        System.out.printf("  samples out:   %s (%.0f generated points/s in the points format, ids gen-<version>-<n>, "
                        + "from the first model on)%n", config.topics().samples().name(),
                config.generator().samplesPerSecond());
        System.out.printf("  generator:     %s (compacted; its checkpoint every %d steps or %d s)%n",
                config.topics().generatorModels().name(), config.generator().snapshotEverySteps(),
                config.generator().snapshotEvery().toSeconds());
        System.out.printf("  try: kafka-console-consumer.sh --bootstrap-server %s --topic %s%n",
                config.bootstrapServers(), config.topics().scores().name());
        System.out.printf("       kafka-console-consumer.sh --bootstrap-server %s --topic %s%n",
                config.bootstrapServers(), config.topics().samples().name());
        System.out.println(duration > 0 ? "running for " + duration + " s" : "Ctrl-C stops");
    }

    /** Where the demo's points come from. */
    private interface Source {
        List<String> features();

        String description();

        void emit(PointFeed feed) throws InterruptedException;
    }

    private Source toySource() {
        ToyDistribution distribution = ToyDistribution.fromName(toy);
        if (!(anomalyRate >= 0 && anomalyRate < 1)) {
            throw new UserException("--anomaly-rate must be in [0, 1), got " + anomalyRate);
        }
        return new Source() {
            public List<String> features() {
                return distribution.columns();
            }

            public String description() {
                return String.format("the %s toy with %.1f%% injected anomalies", distribution.cliName(),
                        100 * anomalyRate);
            }

            public void emit(PointFeed feed) throws InterruptedException {
                Random rng = new Random(streamSeed);
                for (long n = 0; ; ) {
                    // Whole batches: some toys build each batch as a whole (see ToyDistribution).
                    for (double[] point : distribution.sample(1000, rng)) {
                        if (rng.nextDouble() < anomalyRate) {
                            double[] anomaly = {rng.nextDouble() * 12 - 6, rng.nextDouble() * 12 - 6};
                            feed.send(ScoreWatch.INJECTED_PREFIX + n++, anomaly);
                        } else {
                            feed.send("toy-" + n++, point);
                        }
                    }
                }
            }
        };
    }

    private Source csvSource() {
        CsvTable table = CsvTable.read(input, Set.copyOf(ignore));
        List<String> ids = CsvIds.of(table, input);
        return new Source() {
            public List<String> features() {
                return table.columns();
            }

            public String description() {
                return String.format("a replay of %s (%d rows, features %s)", input, table.rowCount(), table.columns());
            }

            public void emit(PointFeed feed) throws InterruptedException {
                double[][] rows = table.rows();
                for (int i = 0; i < rows.length; i++) {
                    feed.send(ids.get(i), rows[i]);
                }
            }
        };
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
