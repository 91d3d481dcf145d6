package io.ddestream.cli;

import io.ddestream.streaming.TopicSetup;
import io.ddestream.streaming.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.RetriableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

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
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        // The admin client retries until this deadline, so a broker that is still starting is waited for.
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, waitSeconds * 1000);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(waitSeconds * 1000, 30_000));
        Topics topics = kafka.topics();
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(props)) {
            try {
                TopicSetup.ensure(admin, topics, partitions);
            } catch (IllegalStateException e) {
                throw new UserException("no topics on " + props.get("bootstrap.servers") + ": " + e.getMessage());
            }
            Map<String, TopicDescription> described = describe(admin, topics);
            for (String name : topics.all()) {
                out.printf("%-28s %d partition(s)%n", name, described.get(name).partitions().size());
            }
        }
        out.printf("dde topics: ready on %s%n", props.get("bootstrap.servers"));
        out.flush();
        return 0;
    }

    /**
     * The topics' descriptions. Right after a topic is created a broker may not know it yet ("does not host this
     * topic-partition", a retriable error): asked again until {@code --wait} runs out.
     */
    private Map<String, TopicDescription> describe(Admin admin, Topics topics) throws InterruptedException {
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (true) {
            try {
                return admin.describeTopics(topics.all()).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new UserException("cannot describe the topics: " + e.getCause().getMessage());
                }
                Thread.sleep(100);
            }
        }
    }
}
