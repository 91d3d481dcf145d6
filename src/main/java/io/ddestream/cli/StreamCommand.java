package io.ddestream.cli;

import io.ddestream.streaming.StreamingApp;
import io.ddestream.streaming.StreamingConfig;
import io.ddestream.streaming.process.StreamingProcess;
import io.ddestream.cli.options.StreamTrainerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code dde stream --role scorer|trainer|generator|all}: runs roles against a Kafka cluster until stopped, and serves
 * {@code /metrics}, {@code /health} and the live page over HTTP ({@link HttpOptions}), wired by
 * {@link StreamingProcess} as the demo's are. See {@link StreamingApp} for what each role reads and writes.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Run streaming roles against Kafka until Ctrl-C.",
                "scorer: validates dde.points (rejects to dde.points.dlq), scores valid points with the newest model",
                "        into dde.scores, feeds dde.points.valid; scales with dde.points' partitions.",
                "trainer: learns from dde.points.valid, publishes versioned models to dde.models (compacted).",
                "generator: learns to sample the newest model on dde.models; publishes samples to",
                "        dde.samples and checkpoints to dde.generator.models, from which it resumes.",
                "Exactly-once by default. Missing topics are created (--partitions for points and scores).",
                "Serves /metrics (Prometheus), /health and the live page on --http-host:--http-port."})
final class StreamCommand implements Callable<Integer> {

    enum RoleChoice { scorer, trainer, generator, all }

    @Option(names = "--role", required = true, description = "scorer, trainer, generator or all.")
    RoleChoice role;

    @Option(names = "--features", required = true, split = ",", paramLabel = "NAME",
            description = "Feature names, comma-separated, in the order models see them (e.g. x,y).")
    List<String> features;

    @Option(names = "--model-name", defaultValue = "default",
            description = "Key of the model's snapshots on the models topic (default ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--application-id-prefix", defaultValue = "dde",
            description = "Streams application ids are <prefix>-scorer and <prefix>-trainer (default ${DEFAULT-VALUE}).")
    String applicationIdPrefix;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Local state (default: <tmp>/dde-streams).")
    Path stateDir;

    @Option(names = "--processing-guarantee", defaultValue = StreamingConfig.EXACTLY_ONCE,
            description = "exactly_once_v2 or at_least_once (default ${DEFAULT-VALUE}).")
    String processingGuarantee;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads per role (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--partitions", defaultValue = "4",
            description = "Partitions of the points and scores topics if they are created (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--max-point-bytes", defaultValue = "65536",
            description = "Larger point records are rejected as too_large (default ${DEFAULT-VALUE}).")
    int maxPointBytes;

    @Mixin
    KafkaOptions kafka;

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
        StreamingConfig config = latency.apply(new StreamingConfig(kafka.clientProperties(), kafka.topics(), features,
                modelName, applicationIdPrefix, stateDir != null ? stateDir : defaultStateDir(), processingGuarantee,
                threads, maxPointBytes, trainer.settings(), generator.settings()));
        Set<StreamingApp.Role> roles = switch (role) {
            case scorer -> EnumSet.of(StreamingApp.Role.SCORER);
            case trainer -> EnumSet.of(StreamingApp.Role.TRAINER);
            case generator -> EnumSet.of(StreamingApp.Role.GENERATOR);
            case all -> EnumSet.allOf(StreamingApp.Role.class);
        };
        try (StopSignal stop = new StopSignal();
             StreamingProcess process = StreamingProcess.start(config, roles, partitions, http.host, http.port,
                     http.limits())) {
            URI web = process.web().baseUri();
            System.out.printf("dde stream: %s running on %s (topics %s); Ctrl-C stops%n", roles,
                    config.bootstrapServers(), config.topics().all());
            System.out.printf("  live page: %s   metrics: %smetrics   health: %shealth%n", web, web, web);
            while (!stop.await(Duration.ofSeconds(1))) {
                if (!process.app().running()) {
                    throw new UserException("a role stopped on an error (see the log above)");
                }
            }
        }
        return 0;
    }

    static Path defaultStateDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "dde-streams");
    }
}
