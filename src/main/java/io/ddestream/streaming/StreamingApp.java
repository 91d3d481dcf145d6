package io.ddestream.streaming;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs the chosen roles of dde-stream: the scorer and the trainer each as its own Kafka Streams application, the
 * generator as a service on its own thread ({@link GeneratorRole}).
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
 *   <li>{@code generator} (transactional id {@code <prefix>-generator-<model name>}): follows {@code dde.models},
 *       trains a generator against the newest model and publishes samples to {@code dde.samples} and its
 *       checkpoints to {@code dde.generator.models}, from which it resumes after a restart. One instance per model
 *       name. Expect samples a moment after the first model, and better ones as it trains.</li>
 *   <li>A stream thread that fails on a transient Kafka error (e.g. no broker within {@code max.block.ms}) is
 *       replaced and resumes from its last commit. One that dies on an unexpected error shuts its application
 *       down (logged); the process keeps the other roles and reports it through {@link #running()} and
 *       {@link #states()}.</li>
 *   <li>Each application's Kafka client metrics (consumer lag, commit latency, ...) are bound to the given meter
 *       registry with the tag {@code role}, and looked at again every {@value #KAFKA_METRICS_REFRESH_SECONDS} s for
 *       new ones (per-partition lag exists only once partitions are assigned).</li>
 * </ul>
 */
public final class StreamingApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingApp.class);

    /** The roles; each is one Streams application. */
    public enum Role {
        SCORER, TRAINER, GENERATOR;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How often the Kafka client metrics are scanned for new ones (e.g. lag of newly assigned partitions). */
    public static final long KAFKA_METRICS_REFRESH_SECONDS = 5;

    private final Map<Role, KafkaStreams> applications;
    private final List<KafkaStreamsMetrics> kafkaMetrics;
    private final ScheduledExecutorService metricsRefresh;
    private final LiveModel liveModel;
    private final GeneratorRole generator;

    private StreamingApp(Map<Role, KafkaStreams> applications, List<KafkaStreamsMetrics> kafkaMetrics,
                         ScheduledExecutorService metricsRefresh, LiveModel liveModel, GeneratorRole generator) {
        this.applications = applications;
        this.kafkaMetrics = kafkaMetrics;
        this.metricsRefresh = metricsRefresh;
        this.liveModel = liveModel;
        this.generator = generator;
    }

    /** Starts the roles (topics must exist: see {@link TopicSetup}). */
    public static StreamingApp start(StreamingConfig config, Set<Role> roles, MeterRegistry metrics) {
        Map<Role, KafkaStreams> started = new EnumMap<>(Role.class);
        List<KafkaStreamsMetrics> kafkaMetrics = new ArrayList<>();
        ScheduledExecutorService metricsRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dde-kafka-metrics");
            t.setDaemon(true);
            return t;
        });
        LiveModel live = null;
        GeneratorRole generator = null;
        for (Role role : EnumSet.copyOf(roles)) {
            if (role == Role.GENERATOR) {
                generator = GeneratorRole.start(config, metrics);
                continue;
            }
            Topology topology;
            if (role == Role.SCORER) {
                live = new LiveModel(config.features(), metrics);
                topology = ScorerTopology.build(config.topics(), config.pointParser(), config.modelName(), live,
                        metrics, config.latencyBound());
            } else {
                topology = TrainerTopology.build(config.topics(), config.pointParser(), config.modelName(),
                        config.trainer(), metrics);
            }
            KafkaStreams streams = new KafkaStreams(topology, StreamsSettings.streams(config, role.id()));
            streams.setUncaughtExceptionHandler(new StreamThreadFailures(role.id()));
            LOG.debug("{} topology:\n{}", role.id(), topology.describe());
            KafkaStreamsMetrics clientMetrics = new KafkaStreamsMetrics(streams, Tags.of("role", role.id()),
                    metricsRefresh, Duration.ofSeconds(KAFKA_METRICS_REFRESH_SECONDS));
            clientMetrics.bindTo(metrics);
            kafkaMetrics.add(clientMetrics);
            streams.start();
            started.put(role, streams);
        }
        return new StreamingApp(Collections.unmodifiableMap(started), List.copyOf(kafkaMetrics), metricsRefresh,
                live, generator);
    }

    /** The scorer's live model (null without the scorer role). */
    public LiveModel liveModel() {
        return liveModel;
    }

    /** The generator service (null without the generator role). */
    public GeneratorRole generator() {
        return generator;
    }

    /** Whether every role is running (or rebalancing, or starting: the generator). */
    public boolean running() {
        return applications.values().stream().allMatch(s -> s.state().isRunningOrRebalancing())
                && (generator == null || generator.running());
    }

    /** A role's state as /health reports it: the state's name, and whether the role is doing its work. */
    public record RoleState(String name, boolean up) {
    }

    /**
     * Each role's state now, in role order: a Streams role is up while running or rebalancing (partitions moving
     * between instances is part of normal life); the generator while it runs.
     */
    public Map<Role, RoleState> states() {
        Map<Role, RoleState> states = new EnumMap<>(Role.class);
        applications.forEach((role, streams) -> states.put(role,
                new RoleState(streams.state().name(), streams.state().isRunningOrRebalancing())));
        if (generator != null) {
            states.put(Role.GENERATOR, new RoleState(generator.state().name(), generator.running()));
        }
        return states;
    }

    /** Waits until every role is RUNNING; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (applications.values().stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)
                    && (generator == null || generator.state() == GeneratorRole.State.RUNNING)) {
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
        kafkaMetrics.forEach(KafkaStreamsMetrics::close);
        metricsRefresh.shutdownNow();
        if (generator != null) {
            generator.close();
        }
        CloseOptions leave = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30));
        for (KafkaStreams streams : applications.values()) {
            streams.close(leave);
        }
    }
}
