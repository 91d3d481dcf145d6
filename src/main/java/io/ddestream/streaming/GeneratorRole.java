package io.ddestream.streaming;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.generator.GeneratorCheckpoint;
import io.ddestream.engine.generator.KlEstimate;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.generator.GeneratorServiceSettings;
import io.ddestream.engine.generator.OnlineGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The generator service (role {@code generator}): learns to sample the newest data model and publishes samples
 * that follow the live data.
 *
 * <p><b>Runbook.</b>
 * <ul>
 *   <li>Reads {@code dde.models} (every snapshot of the configured model name, from the start: the topic is
 *       compacted) and follows the newest acceptable data model as the scorer does: a snapshot that does not
 *       decode, has other features or an older version is rejected ({@code dde.models.rejected{reason}}, a log
 *       line).</li>
 *   <li>Writes {@code dde.samples}: about {@code --samples-per-second} points per second in the points format,
 *       {@code {"id":"gen-<version>-<n>","features":{"x":..,"y":..},"ts":..}}, in the user's units and feature
 *       names, keyed by id; none before the first data model. A sample with a non-finite value is counted
 *       ({@code dde.samples.skipped}) and never written.</li>
 *   <li>Writes {@code dde.generator.models} (compacted, keyed by model name): its checkpoint
 *       ({@code dde.generator-checkpoint}, docs/model-format.md) at start, then every N steps or T seconds. After
 *       a restart it resumes from the newest valid checkpoint there (a clean stop publishes one last): the step
 *       count continues. A checkpoint that does not decode is skipped ({@code dde.generator.snapshots.rejected},
 *       a log line); a tombstone for the model name makes the next start a fresh one.</li>
 *   <li>Trains in rounds on its own thread (100 ms of generator steps every 200 ms by default): no Streams
 *       thread, no consumer group, so no poll interval to miss.</li>
 *   <li>Exactly-once (the default guarantee): each round's samples and checkpoint go out in one transaction of a
 *       producer whose transactional id is {@code <prefix>-generator-<model name>}. A second instance fences the
 *       first (which then stops with an error): run one instance per model name; an orchestrator restarts it.
 *       With {@code at_least_once} the producer is only idempotent.</li>
 *   <li>An unexpected error stops the role (logged); {@link #running()} then says false.</li>
 * </ul>
 */
public final class GeneratorRole implements AutoCloseable {

    /** Where the role is in its life. */
    public enum State { STARTING, RUNNING, STOPPED, FAILED }

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorRole.class);
    /** Samples owed after a stall are capped at this many seconds' worth, so that a pause is not made up in a burst. */
    private static final double MAX_OWED_SECONDS = 2;
    private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final StreamingConfig config;
    private final GeneratorServiceSettings settings;
    private final String modelName;
    private final boolean exactlyOnce;
    private final LiveModel dataModels;
    private final GeneratorMetrics metrics;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Thread thread;
    private volatile State state = State.STARTING;

    private GeneratorRole(StreamingConfig config, MeterRegistry registry) {
        this.config = config;
        this.settings = config.generator();
        this.modelName = config.modelName();
        this.exactlyOnce = StreamingConfig.EXACTLY_ONCE.equals(config.processingGuarantee());
        this.dataModels = new LiveModel(config.features(), registry, "generator");
        this.metrics = new GeneratorMetrics(registry);
        this.thread = new Thread(this::run, "dde-generator-" + modelName);
        this.thread.setDaemon(true);
    }

    /** Starts the role's thread (topics must exist: see {@link TopicSetup}). */
    public static GeneratorRole start(StreamingConfig config, MeterRegistry registry) {
        GeneratorRole role = new GeneratorRole(config, registry);
        role.thread.start();
        return role;
    }

    public State state() {
        return state;
    }

    /** Whether the role is starting or running (not stopped, not failed). */
    public boolean running() {
        State s = state;
        return s == State.STARTING || s == State.RUNNING;
    }

    /**
     * Runs until stopped. A transient Kafka failure (no broker within {@code max.block.ms}, a lost coordinator, ...)
     * does not end the role: it closes its clients, waits (doubling from half a second to 30 s) and resumes from its
     * newest checkpoint, as after a restart; anything else stops it as FAILED.
     */
    private void run() {
        long backoffMillis = 500;
        while (true) {
            try {
                runOnce();
                state = State.STOPPED;
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                state = State.STOPPED;
                return;
            } catch (RuntimeException e) {
                if (stopSignal.getCount() == 0) {
                    state = State.STOPPED; // stopped while starting or sending
                    return;
                }
                if (!StreamThreadFailures.transientFailure(e)) {
                    LOG.error("the generator role failed and stops", e);
                    state = State.FAILED;
                    return;
                }
                state = State.STARTING;
                LOG.warn("the generator role lost Kafka ({}); it resumes from its newest checkpoint in {} ms",
                        e.getMessage(), backoffMillis);
                try {
                    if (stopSignal.await(backoffMillis, TimeUnit.MILLISECONDS)) {
                        state = State.STOPPED;
                        return;
                    }
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    state = State.STOPPED;
                    return;
                }
                backoffMillis = Math.min(2 * backoffMillis, 30_000);
            }
        }
    }

    /** One life of the role: clients, resume, the training loop; returns when stopped. */
    private void runOnce() throws InterruptedException {
        KafkaProducer<String, byte[]> producer = null;
        KafkaConsumer<String, byte[]> models = null;
        try {
            producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
            if (exactlyOnce) {
                // Fences a previous instance and settles its open transaction, so what is read next is final.
                producer.initTransactions();
            }
            OnlineGenerator generator = OnlineGenerator.create(config.features(), settings, newestCheckpoint());
            models = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = partitions(models, config.topics().models().name());
            models.assign(partitions);
            models.seekToBeginning(partitions);
            state = State.RUNNING;
            LOG.info("generator for model '{}' running: {} checkpoint version {} ({} steps); {} samples/s to {}",
                    modelName, generator.version() > 0 ? "resumes from" : "no", generator.version(),
                    generator.steps(), settings.samplesPerSecond(), config.topics().samples().name());
            loop(generator, producer, models);
        } finally {
            if (models != null) {
                models.close(Duration.ofSeconds(5));
            }
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    private void loop(OnlineGenerator generator, KafkaProducer<String, byte[]> producer,
                      KafkaConsumer<String, byte[]> models) throws InterruptedException {
        long roundNanos = settings.roundEvery().toNanos();
        long startNanos = System.nanoTime();
        long lastRoundNanos = startNanos;
        long stepsThisRun = 0;
        double samplesOwed = 0;
        while (stopSignal.getCount() > 0) {
            long roundStart = System.nanoTime();
            followNewestDataModel(generator, models);

            long maxSteps = settings.maxStepsPerSecond() > 0
                    ? (long) (settings.maxStepsPerSecond() * (roundStart - startNanos) / 1e9) - stepsThisRun
                    : Long.MAX_VALUE;
            OnlineGenerator.Round round = generator.train(settings.stepBudget().toNanos(), maxSteps);
            stepsThisRun += round.steps();
            if (round.diverged()) {
                metrics.rebased();
                LOG.warn("the generator diverged ({} refused steps in a row): starting afresh against model version "
                        + "{}", round.refused(), generator.dataModelVersion());
            }
            if (generator.klDue()) {
                KlEstimate kl = generator.estimateKl();
                LOG.info("generator step {}: {}", generator.steps(), kl.describe());
            }

            double elapsedSeconds = (roundStart - lastRoundNanos) / 1e9;
            lastRoundNanos = roundStart;
            long now = System.currentTimeMillis();
            boolean checkpointDue = generator.checkpointDue(now);
            // Samples accrue only while they can be published: none are owed for the time before the first model.
            samplesOwed = generator.started() ? Math.min(samplesOwed + settings.samplesPerSecond() * elapsedSeconds,
                    Math.max(1, settings.samplesPerSecond() * MAX_OWED_SECONDS)) : 0;
            int sampleCount = (int) samplesOwed;
            if (checkpointDue || sampleCount > 0 && generator.sampling()) {
                samplesOwed -= publish(generator, producer, checkpointDue, sampleCount, now);
            }
            metrics.update(generator, dataModels.newestSeenVersion());

            long wait = roundStart + roundNanos - System.nanoTime();
            if (wait > 0) {
                stopSignal.await(wait, TimeUnit.NANOSECONDS);
            }
        }
        if (generator.hasUncheckpointedSteps()) {
            // A clean stop keeps every step: the next start resumes from here.
            publish(generator, producer, true, 0, System.currentTimeMillis());
            LOG.info("generator stopped at step {}: checkpoint version {}", generator.steps(), generator.version());
        }
    }

    /** Offers the new snapshots of the model name to the live model, then follows its newest. */
    private void followNewestDataModel(OnlineGenerator generator, KafkaConsumer<String, byte[]> models) {
        for (ConsumerRecord<String, byte[]> record : models.poll(Duration.ZERO)) {
            if (modelName.equals(record.key()) && record.value() != null) {
                dataModels.offer(record.value());
            }
        }
        DensityModel newest = dataModels.current();
        if (newest == null) {
            return;
        }
        OnlineGenerator.Following following = generator.follow(newest);
        switch (following.outcome()) {
            case STARTED -> LOG.info("generator started against model version {}", generator.dataModelVersion());
            case RESUMED -> LOG.info("generator resumed at step {} against model version {}", generator.steps(),
                    generator.dataModelVersion());
            case FOLLOWED -> LOG.debug("generator follows model version {}", generator.dataModelVersion());
            case REBASED -> {
                metrics.rebased();
                LOG.warn("generator started afresh against model version {}: {}", generator.dataModelVersion(),
                        following.reason());
            }
            case CURRENT -> { }
        }
    }

    /**
     * Sends the checkpoint (if due) and up to {@code sampleCount} samples, in one transaction under exactly-once.
     *
     * @return the samples drawn (published or skipped)
     */
    private int publish(OnlineGenerator generator, KafkaProducer<String, byte[]> producer, boolean checkpointDue,
                        int sampleCount, long now) {
        if (exactlyOnce) {
            producer.beginTransaction();
        }
        if (checkpointDue) {
            GeneratorCheckpoint checkpoint = generator.checkpoint(now);
            producer.send(new ProducerRecord<>(config.topics().generatorModels().name(), null, now, modelName,
                    checkpoint.encode()));
            LOG.debug("generator checkpoint version {} at step {}", checkpoint.version(), checkpoint.state().steps());
        }
        OnlineGenerator.Samples samples = generator.sampling() && sampleCount > 0
                ? generator.sample(sampleCount) : new OnlineGenerator.Samples(List.of(), 0);
        String topic = config.topics().samples().name();
        for (OnlineGenerator.Sample sample : samples.points()) {
            producer.send(new ProducerRecord<>(topic, null, now, sample.id(),
                    PointFeed.json(sample.id(), config.features(), sample.values(), now)));
        }
        if (exactlyOnce) {
            producer.commitTransaction();
        }
        metrics.published(samples.points().size());
        metrics.skipped(samples.skipped());
        return samples.points().size() + samples.skipped();
    }

    /** The newest valid checkpoint of the model name on the generator models topic (read committed), or null. */
    private GeneratorCheckpoint newestCheckpoint() {
        String topic = config.topics().generatorModels().name();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + RESUME_TIMEOUT.toNanos();
            GeneratorCheckpoint newest = null;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline || stopSignal.getCount() == 0) {
                    throw new IllegalStateException("could not read " + topic + " to its end within "
                            + RESUME_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!modelName.equals(record.key())) {
                        continue;
                    }
                    if (record.value() == null) {
                        newest = null; // a tombstone: whatever came before is deleted
                        continue;
                    }
                    try {
                        newest = GeneratorCheckpoint.decode(record.value());
                    } catch (SnapshotFormatException e) {
                        metrics.snapshotRejected();
                        LOG.warn("generator checkpoint at {}-{}@{} rejected: {}", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
            }
            return newest;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return partitions;
    }

    /** A group-less consumer (partitions are assigned, nothing is committed) that reads committed records only. */
    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, TrainerTopology.MAX_RECORD_BYTES);
        p.putAll(config.clientProperties());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    private Properties producerProperties() {
        Properties p = StreamsSettings.producer(config.clientProperties());
        if (exactlyOnce) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.applicationIdPrefix() + "-generator-" + modelName);
        }
        return p;
    }

    /** Stops the role after its current round, and waits for it. */
    @Override
    public void close() {
        stopSignal.countDown();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the generator role did not stop within {} s", CLOSE_TIMEOUT.toSeconds());
        }
    }
}
