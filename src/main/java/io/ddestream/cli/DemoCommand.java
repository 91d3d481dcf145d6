package io.ddestream.cli;

import io.ddestream.data.CsvTable;
import io.ddestream.data.ToyDistribution;
import io.ddestream.streaming.StreamingConfig;
import io.ddestream.streaming.demo.DemoSource;
import io.ddestream.streaming.demo.RunningDemo;
import io.ddestream.streaming.demo.ScoreWatch;
import io.ddestream.cli.options.StreamTrainerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code dde demo}: the whole streaming system in one process ({@link RunningDemo}): an embedded broker, the scorer,
 * trainer and generator roles, a producer of a built-in stream (a 2D toy with injected anomalies) or of a CSV file,
 * and the HTTP server with {@code /metrics}, {@code /health} and the live page. Prints where to look, then a status
 * line every few seconds, until Ctrl-C or {@code --duration}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker, the scorer, trainer and generator roles, a producer of points,",
                "and the HTTP server (/metrics, /health, the live page at http://127.0.0.1:8080/ by default);",
                "print a status line every few seconds; stop cleanly on Ctrl-C (or after --duration).",
                "By default the points come from the 8-gaussians toy with 2%% injected anomalies (uniform on [-6, 6]^2)."})
final class DemoCommand implements Callable<Integer> {

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
    StreamTrainerOptions trainer;

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

    /** Starts the demo with these options (also used by tests, in-process); the caller closes it. */
    RunningDemo start() throws Exception {
        DemoSource source = input != null ? csvSource() : toySource();
        return RunningDemo.start(source, new RunningDemo.Settings(port, partitions, rate, trainer.settings(),
                generator.settings(), latency.bound(), http.host, http.port, http.limits()));
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
            if (!demo.process().app().running()) {
                throw new UserException("a role stopped on an error (see the log above)");
            }
            System.out.printf("[%4ds] sent %d | %s%n", (System.nanoTime() - start) / 1_000_000_000L,
                    demo.feed().sent(), summary(demo.watch().tally()));
        }
    }

    /** One line: scores, model version, flag rates, dead letters. */
    static String summary(ScoreWatch.Tally tally) {
        StringBuilder line = new StringBuilder(String.format("scores %d (warming up %d) | model v%d", tally.scores(),
                tally.warmingUp(), tally.modelVersion()));
        if (tally.normalScored() + tally.injectedScored() > 0) {
            line.append(String.format(" | flagged %.1f%% of %s", percent(tally.normalFlagged(), tally.normalScored()),
                    tally.injectedScored() > 0 ? "normal points" : "points"));
            if (tally.injectedScored() > 0) {
                line.append(String.format(", %.1f%% of %d injected anomalies",
                        percent(tally.injectedFlagged(), tally.injectedScored()), tally.injectedScored()));
            }
        }
        return line.append(" | dead letters ").append(tally.deadLetters()).toString();
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private void printWhereToLook(RunningDemo demo) {
        StreamingConfig config = demo.config();
        URI web = demo.process().web().baseUri();
        System.out.printf("dde demo: an embedded Kafka broker on %s; the scorer, trainer and generator roles; %s at %.0f points/s%n",
                config.bootstrapServers(), demo.source().description(), rate);
        System.out.printf("  live page:     %s (the learned density, recent points and anomalies, samples, scores)%n",
                web);
        System.out.printf("  metrics:       %smetrics (Prometheus; dashboards in grafana/), health: %shealth%n",
                web, web);
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

    private DemoSource toySource() {
        ToyDistribution distribution = ToyDistribution.fromName(toy);
        if (!(anomalyRate >= 0 && anomalyRate < 1)) {
            throw new UserException("--anomaly-rate must be in [0, 1), got " + anomalyRate);
        }
        return DemoSource.toyWithAnomalies(distribution, anomalyRate, streamSeed);
    }

    private DemoSource csvSource() {
        CsvTable table = CsvTable.read(input, Set.copyOf(ignore));
        return DemoSource.replay(table, CsvIds.of(table, input));
    }
}
