package io.ddestream.streaming;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
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
