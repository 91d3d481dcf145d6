package io.ddestream.engine.generator;

import io.ddestream.engine.density.DensityModel;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A generator that lives as long as the service: it follows the data model's versions, trains in bounded rounds,
 * publishes samples with unique ids and checkpoints itself. No Kafka here: the generator role feeds it the newest
 * data model and sends what it returns.
 *
 * <ol>
 *   <li><b>Start.</b> Nothing happens until the first data model. Then the generator resumes from the newest
 *       checkpoint it was {@linkplain #create created} with, if that checkpoint lives in the data model's
 *       standardized space, and starts afresh otherwise.</li>
 *   <li><b>Following.</b> A newer data model in the same space (a streaming trainer's next version: its standardizer
 *       is frozen after warm-up) replaces {@code s_p}, its log Z and its support; the generator, its Adam moments and
 *       {@code s_q} carry on. A data model in another space (features, sigma or standardizer differ: the trainer
 *       started over, with a new warm-up) cannot be followed, since the generator's outputs would mean other points
 *       there: the generator starts afresh against it (re-based), and says why.</li>
 *   <li><b>Training.</b> {@link #train} runs generator steps (each with its k steps of {@code s_q}) for a time
 *       budget. {@value #MAX_CONSECUTIVE_REFUSALS} refused steps in a row mean the generator diverged: it starts
 *       afresh against the same data model.</li>
 *   <li><b>Samples and checkpoints.</b> Samples are labelled {@code gen-<version>-<n>}, {@code version} being the
 *       last checkpoint's. A checkpoint is due at once after every (re)start, before any sample, so that a restarted
 *       service, which resumes from the newest checkpoint and at once publishes the next version, never reuses an id
 *       whose samples a previous run published; then every {@code snapshotEverySteps} steps or {@code snapshotEvery}.
 *       Versions only increase, across restarts and re-bases.</li>
 * </ol>
 *
 * <p>Mutable and single-threaded.
 */
public final class OnlineGenerator {

    /** Consecutive refused steps after which the generator is declared diverged and started afresh. */
    static final int MAX_CONSECUTIVE_REFUSALS = 50;

    /** What {@link #follow} did. */
    public enum Outcome {
        /** The data model is the one already trained against. */
        CURRENT,
        /** The first data model: a fresh generator (no usable checkpoint). */
        STARTED,
        /** The first data model: the generator resumed from the checkpoint. */
        RESUMED,
        /** A newer data model in the same space: the generator carries on against it. */
        FOLLOWED,
        /** A data model in another space than the generator's (or its checkpoint's): a fresh generator. */
        REBASED
    }

    /** An outcome, with the reason when the generator was re-based. */
    public record Following(Outcome outcome, String reason) {
    }

    /** A generated point in the user's units, with its id. */
    public record Sample(String id, double[] values) {
    }

    /** Samples to publish, and how many were drawn but skipped for a non-finite value. */
    public record Samples(List<Sample> points, int skipped) {
    }

    /** What a {@link #train} round did. */
    public record Round(int steps, int refused, boolean diverged) {
    }

    private final List<String> features;
    private final GeneratorServiceSettings settings;
    private GeneratorCheckpoint resumeFrom;
    private GeneratorLearner learner;
    private long version;
    private boolean checkpointedSinceStart;
    private long samplesOfVersion;
    private long stepsAtLastCheckpoint;
    private long lastCheckpointMillis;
    private long stepsAtLastKl;
    private int refusedInARow;
    private KlEstimate latestKl;
    private GeneratorModel.Sampler sampler;
    private long samplingModelSteps = -1;
    private Random latentRng;

    private OnlineGenerator(List<String> features, GeneratorServiceSettings settings, GeneratorCheckpoint resumeFrom) {
        this.features = List.copyOf(features);
        this.settings = settings;
        this.resumeFrom = resumeFrom;
        this.version = resumeFrom == null ? 0 : resumeFrom.version();
        this.latestKl = resumeFrom == null ? null : resumeFrom.kl().orElse(null);
    }

    /**
     * A generator that resumes from {@code newest} (the newest valid checkpoint, or null for none) once it sees a
     * data model in the checkpoint's space.
     *
     * @throws IllegalStateException if the checkpoint is for other features or another generator shape than
     *                               configured: resuming would discard it, so the operator decides
     */
    public static OnlineGenerator create(List<String> features, GeneratorServiceSettings settings,
                                         GeneratorCheckpoint newest) {
        if (newest != null) {
            GeneratorConfig configured = settings.generator();
            if (!newest.features().equals(features) || newest.config().width() != configured.width()
                    || newest.config().depth() != configured.depth()) {
                throw new IllegalStateException("the newest generator checkpoint (version " + newest.version()
                        + ") is for features " + newest.features() + " and a generator of width "
                        + newest.config().width() + " and depth " + newest.config().depth() + ", not " + features
                        + " with width " + configured.width() + " and depth " + configured.depth()
                        + "; keep the settings, or delete the checkpoint (a tombstone for the model name on the "
                        + "generator models topic) to start afresh");
            }
        }
        return new OnlineGenerator(features, settings, newest);
    }

    /** Trains against {@code data} from now on (see the class comment); {@code data} has the configured features. */
    public Following follow(DensityModel data) {
        if (!data.features().equals(features)) {
            throw new IllegalArgumentException("a data model for features " + data.features() + ", not " + features);
        }
        if (learner == null) {
            GeneratorCheckpoint checkpoint = resumeFrom;
            resumeFrom = null;
            if (checkpoint == null) {
                start(data);
                return new Following(Outcome.STARTED, "");
            }
            Optional<String> mismatch = GeneratorLearner.spaceMismatch(checkpoint.features(),
                    checkpoint.standardizer(), checkpoint.sigma(), data);
            if (mismatch.isPresent()) {
                start(data);
                return new Following(Outcome.REBASED, "the checkpoint's space is not the data model's: "
                        + mismatch.get());
            }
            learner = GeneratorLearner.resume(data, Support.of(data), settings.generator(), checkpoint.state());
            restarted();
            return new Following(Outcome.RESUMED, "");
        }
        if (data == learner.dataModel()
                || data.provenance().version() == learner.dataModel().provenance().version()) {
            return new Following(Outcome.CURRENT, "");
        }
        Optional<String> mismatch = learner.incompatibilityWith(data);
        if (mismatch.isPresent()) {
            start(data);
            return new Following(Outcome.REBASED, mismatch.get());
        }
        learner.followDataModel(data, Support.of(data));
        return new Following(Outcome.FOLLOWED, "");
    }

    private void start(DensityModel data) {
        learner = GeneratorLearner.create(data, Support.of(data), settings.generator());
        latestKl = null;
        restarted();
    }

    /** After a (re)start: a checkpoint before any sample; fresh counters and latent stream. */
    private void restarted() {
        checkpointedSinceStart = false;
        stepsAtLastCheckpoint = learner.steps();
        stepsAtLastKl = learner.steps();
        refusedInARow = 0;
        samplingModelSteps = -1;
        // Another latent stream for every run: the seed mixed with the version this run starts from.
        latentRng = Nd4j.getRandomFactory().getNewRandomInstance(
                (settings.generator().seed() + 3) * 0x9E3779B97F4A7C15L + version);
    }

    /**
     * Runs generator steps until {@code budgetNanos} have passed or {@code maxSteps} were taken (at least one step,
     * if a data model has been seen and {@code maxSteps > 0}).
     */
    public Round train(long budgetNanos, long maxSteps) {
        if (learner == null || maxSteps < 1) {
            return new Round(0, 0, false);
        }
        long deadline = System.nanoTime() + budgetNanos;
        int taken = 0;
        int refused = 0;
        do {
            GeneratorLearner.StepResult step = learner.step();
            taken++;
            if (step.accepted()) {
                refusedInARow = 0;
            } else {
                refused++;
                if (++refusedInARow >= MAX_CONSECUTIVE_REFUSALS) {
                    start(learner.dataModel());
                    return new Round(taken, refused, true);
                }
            }
        } while (System.nanoTime() < deadline && taken < maxSteps);
        return new Round(taken, refused, false);
    }

    /** Whether a KL estimate is due: {@code klEverySteps} steps since the last. */
    public boolean klDue() {
        return learner != null && settings.klEverySteps() > 0
                && learner.steps() - stepsAtLastKl >= settings.klEverySteps();
    }

    /** Estimates {@code KL(q~ || p~)} of the averaged generator now; the next checkpoint keeps it. */
    public KlEstimate estimateKl() {
        if (learner == null) {
            throw new IllegalStateException("no generator before the first data model");
        }
        latestKl = learner.estimateKl(settings.klSamples(), settings.generator().seed() + learner.steps());
        stepsAtLastKl = learner.steps();
        return latestKl;
    }

    /**
     * Whether a checkpoint is due: none since the (re)start, or new steps and enough of them, or enough time since
     * the last.
     */
    public boolean checkpointDue(long nowMillis) {
        if (learner == null) {
            return false;
        }
        if (!checkpointedSinceStart) {
            return true;
        }
        long newSteps = learner.steps() - stepsAtLastCheckpoint;
        return newSteps >= settings.snapshotEverySteps()
                || newSteps > 0 && nowMillis - lastCheckpointMillis >= settings.snapshotEvery().toMillis();
    }

    /** Whether steps were taken since the last checkpoint (or none was published since the start). */
    public boolean hasUncheckpointedSteps() {
        return learner != null && (!checkpointedSinceStart || learner.steps() != stepsAtLastCheckpoint);
    }

    /** The next checkpoint version; samples drawn from now on carry its number. */
    public GeneratorCheckpoint checkpoint(long nowMillis) {
        if (learner == null) {
            throw new IllegalStateException("no generator before the first data model");
        }
        DensityModel data = learner.dataModel();
        version++;
        checkpointedSinceStart = true;
        samplesOfVersion = 0;
        stepsAtLastCheckpoint = learner.steps();
        lastCheckpointMillis = nowMillis;
        return new GeneratorCheckpoint(features, data.standardizer(), data.sigma(), settings.generator(),
                learner.state(), version, data.provenance().version(), Optional.ofNullable(latestKl),
                Instant.ofEpochMilli(nowMillis), settings.build());
    }

    /**
     * {@code n} samples from the averaged generator, in the user's units, labelled {@code gen-<version>-<k>}; a
     * sample with a non-finite value is skipped and counted, never returned.
     *
     * @throws IllegalStateException before the first checkpoint of this run (see the class comment)
     */
    public Samples sample(int n) {
        if (learner == null || !checkpointedSinceStart) {
            throw new IllegalStateException("samples are published only after a checkpoint claims their version");
        }
        if (n <= 0) {
            return new Samples(List.of(), 0);
        }
        if (samplingModelSteps != learner.steps()) {
            // Frozen once per step count: samples come from the model a checkpoint would hold, drawn as offline.
            sampler = learner.freeze(latestKl, Instant.now(), settings.build()).sampler(latentRng);
            samplingModelSteps = learner.steps();
        }
        List<Sample> points = new ArrayList<>(n);
        int skipped = 0;
        for (double[] x : sampler.next(n)) {
            if (allFinite(x)) {
                points.add(new Sample("gen-" + version + "-" + samplesOfVersion++, x));
            } else {
                skipped++;
            }
        }
        return new Samples(points, skipped);
    }

    /** Whether a data model has been seen (and a generator trains against it). */
    public boolean started() {
        return learner != null;
    }

    /** Whether samples may be drawn now: started, and a checkpoint published since. */
    public boolean sampling() {
        return learner != null && checkpointedSinceStart;
    }

    /** Accepted generator steps of the current generator (a re-based generator counts from 0). */
    public long steps() {
        return learner == null ? resumeFrom == null ? 0 : resumeFrom.state().steps() : learner.steps();
    }

    /** Refused generator steps of the current generator. */
    public long refusedSteps() {
        return learner == null ? resumeFrom == null ? 0 : resumeFrom.state().refusedSteps() : learner.refusedSteps();
    }

    /** The last checkpoint's version (0: none yet). */
    public long version() {
        return version;
    }

    /** The version of the data model trained against (0: none yet). */
    public long dataModelVersion() {
        return learner == null ? 0 : learner.dataModel().provenance().version();
    }

    /** The latest KL estimate of the current generator, if any. */
    public Optional<KlEstimate> latestKl() {
        return Optional.ofNullable(latestKl);
    }

    private static boolean allFinite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
