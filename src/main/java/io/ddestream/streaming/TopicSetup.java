package io.ddestream.streaming;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Creates the system's topics that do not exist yet (existing ones are left as they are): the points and scores
 * topics with the given partitions (the scorer's parallelism), the dead-letter and validated-points topics with
 * one, the samples topic with one, and the two model topics compacted, with one partition and room for 16 MiB
 * snapshots. Replication follows
 * the cluster's default.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /**
     * Creates the missing topics on the cluster of {@code clientProperties} and returns every topic's partition
     * count, in the order of {@link Topics#all()}: what {@code dde topics} does before the roles start. The admin
     * client retries until {@code wait} runs out, so a broker that is still starting is waited for.
     *
     * @throws IllegalStateException with a one-line message if the cluster does not answer in time or refuses
     */
    public static Map<String, Integer> ensureAndCountPartitions(Map<String, String> clientProperties, Topics topics,
                                                                int pointPartitions, Duration wait)
            throws InterruptedException {
        Map<String, Object> props = new HashMap<>(clientProperties);
        int waitMs = Math.toIntExact(wait.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, waitMs);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(waitMs, 30_000));
        try (Admin admin = Admin.create(props)) {
            try {
                ensure(admin, topics, pointPartitions);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("no topics on " + props.get("bootstrap.servers") + ": "
                        + e.getMessage(), e);
            }
            Map<String, TopicDescription> described = describe(admin, topics, wait);
            Map<String, Integer> partitions = new LinkedHashMap<>();
            for (String name : topics.all()) {
                partitions.put(name, described.get(name).partitions().size());
            }
            return partitions;
        }
    }

    /**
     * The topics' descriptions. Right after a topic is created a broker may not know it yet ("does not host this
     * topic-partition", a retriable error): asked again until {@code wait} runs out.
     */
    private static Map<String, TopicDescription> describe(Admin admin, Topics topics, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return admin.describeTopics(topics.all()).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot describe the topics: " + e.getCause().getMessage(),
                            e.getCause());
                }
                Thread.sleep(100);
            }
        }
    }

    /** Creates the missing topics through {@code admin}. */
    public static void ensure(Admin admin, Topics topics, int pointPartitions) throws InterruptedException {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
        List<NewTopic> wanted = List.of(
                topic(topics.points().name(), pointPartitions, Map.of()),
                topic(topics.scores().name(), pointPartitions, Map.of()),
                topic(topics.deadLetters().name(), 1, Map.of()),
                topic(topics.validPoints().name(), 1, Map.of()),
                topic(topics.models().name(), 1, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(TrainerTopology.MAX_RECORD_BYTES))),
                topic(topics.samples().name(), 1, Map.of()),
                topic(topics.generatorModels().name(), 1, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(TrainerTopology.MAX_RECORD_BYTES))));
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic t : wanted) {
            if (!existing.contains(t.name())) {
                missing.add(t);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get();
            missing.forEach(t -> LOG.info("created topic {} ({} partitions{})", t.name(), t.numPartitions(),
                    t.configs().isEmpty() ? "" : ", " + t.configs()));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // another instance was quicker
                throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    private static NewTopic topic(String name, int partitions, Map<String, String> configs) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
    }
}
