package io.ddestream.cli;

import io.ddestream.streaming.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dde topics}: creates the system's topics that do not exist yet ({@link TopicSetup}, the same code the
 * roles run at start) and lists every one with its partitions. A deployment runs it once before the roles (the
 * one-shot service of docker-compose), so the partition count is set in one place and a cluster that forbids
 * clients to create topics can be prepared by an operator.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Create the missing topics (points, dlq, valid points, scores, models, samples, generator",
                "models), waiting for the cluster to answer, then list them with their partitions. Existing topics",
                "are left as they are."})
final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--partitions", defaultValue = "4",
            description = "Partitions of the points and scores topics if they are created: the scorers' parallelism "
                    + "(default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--wait", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to wait for the cluster to answer (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1 || waitSeconds < 1) {
            throw new UserException("--partitions and --wait must be at least 1");
        }
        Map<String, String> client = kafka.clientProperties();
        Map<String, Integer> partitionCounts;
        try {
            partitionCounts = TopicSetup.ensureAndCountPartitions(client, kafka.topics(), partitions,
                    Duration.ofSeconds(waitSeconds));
        } catch (IllegalStateException e) {
            throw new UserException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        partitionCounts.forEach((name, count) -> out.printf("%-28s %d partition(s)%n", name, count));
        out.printf("dde topics: ready on %s%n", client.get("bootstrap.servers"));
        out.flush();
        return 0;
    }
}
