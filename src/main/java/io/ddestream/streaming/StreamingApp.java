package io.ddestream.streaming;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the chosen roles of dde-stream, each as its own Kafka Streams application.
 *
 * <p><b>Runbook.</b>
 * <ul>
 *   <li>{@code scorer} ({@code <prefix>-scorer}): reads {@code dde.points}, writes {@code dde.scores} and
 *       {@code dde.points.dlq}; follows {@code dde.models}. Scale it with the points topic's partitions: start
 *       more instances with the same settings. Until the first model arrives its scores say
 *       {@code "status":"warming_up"}.</li>
 *   <li>{@code trainer} ({@code <prefix>-trainer}): reads {@code dde.points}, validates it again and funnels the
 *       valid points through {@code dde.points.valid} (one partition) to one training task, which writes
 *       {@code dde.models} and its store's changelog; a second instance is a hot spare. Expect the first model
 *       after the warm-up points plus a few seconds of training, then one every 500 steps or 10 s.</li>
 *   <li>Both run exactly-once by default: a crash never duplicates or loses a score, and a trainer resumes from
 *       its last checkpoint with the points it had seen.</li>
 *   <li>A stream thread that fails on a transient Kafka error (e.g. no broker within {@code max.block.ms}) is
 *       replaced and resumes from its last commit. One that dies on an unexpected error shuts its application
 *       down (logged); the process keeps the other role and reports it through {@link #running()}.</li>
 * </ul>
 */
public final class StreamingApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingApp.class);

    /** The roles; each is one Streams application. */
    public enum Role {
        SCORER, TRAINER;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final List<KafkaStreams> applications;
    private final LiveModel liveModel;

    private StreamingApp(List<KafkaStreams> applications, LiveModel liveModel) {
        this.applications = applications;
        this.liveModel = liveModel;
    }

    /** Starts the roles (topics must exist: see {@link TopicSetup}). */
    public static StreamingApp start(StreamingConfig config, Set<Role> roles, MeterRegistry metrics) {
        List<KafkaStreams> started = new ArrayList<>();
        LiveModel live = null;
        for (Role role : EnumSet.copyOf(roles)) {
            Topology topology;
            if (role == Role.SCORER) {
                live = new LiveModel(config.features(), metrics);
                topology = ScorerTopology.build(config.topics(), config.pointParser(), config.modelName(), live,
                        metrics);
            } else {
                topology = TrainerTopology.build(config.topics(), config.pointParser(), config.modelName(),
                        config.trainer(), metrics);
            }
            KafkaStreams streams = new KafkaStreams(topology, StreamsSettings.streams(config, role.id()));
            streams.setUncaughtExceptionHandler(new StreamThreadFailures(role.id()));
            LOG.debug("{} topology:\n{}", role.id(), topology.describe());
            streams.start();
            started.add(streams);
        }
        return new StreamingApp(started, live);
    }

    /** The scorer's live model (null without the scorer role). */
    public LiveModel liveModel() {
        return liveModel;
    }

    /** Whether every role is running (or rebalancing). */
    public boolean running() {
        return applications.stream().allMatch(s -> s.state().isRunningOrRebalancing());
    }

    /** Waits until every role is RUNNING; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (applications.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /**
     * Stops every role, committing what was processed, and leaves the roles' consumer groups: a restarted or
     * remaining instance takes the partitions over at once, instead of after the session timeout (45 s by
     * default), during which nothing would be scored.
     */
    @Override
    public void close() {
        CloseOptions leave = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30));
        for (KafkaStreams streams : applications) {
            streams.close(leave);
        }
    }
}
