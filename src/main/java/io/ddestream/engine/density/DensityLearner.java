package io.ddestream.engine.density;

import io.ddestream.engine.dde.DenoisingLearner;
import io.ddestream.engine.dde.LearningRateDecay;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.nn.EnergyNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The one density-learning core: learns a density from points, by denoising steps on minibatches of its memory of
 * them, and freezes it into immutable, versioned {@link DensityModel}s (log Z, calibration, provenance, the sigma
 * selection's evidence). Every driver trains through it: the stream trainer (points one at a time, steps by the
 * clock), the prequential replay (steps by count), and the offline fit ({@link DensityFitter}: a table, a known
 * number of steps). No Kafka here: the trainer processor feeds it, persists what it reports, and publishes what it
 * freezes.
 *
 * <p>A learner on a {@linkplain #onTable table} has all its points at once: they are its warm-up and its memory,
 * nothing is gated, and, since the number of steps is known, the learning rate decays over the last half of them
 * ({@link LearningRateDecay}) and {@value #MAX_CONSECUTIVE_REFUSALS} refused steps in a row end the fit as
 * diverged. A learner on a {@linkplain #create stream} lives through the stages below, keeps its learning rate (a
 * stream has no last step) and goes on refusing divergent steps, counted, while its last model stays published.
 *
 * <ol>
 *   <li><b>Warm-up.</b> The first {@code warmupPoints} points fill the reservoir; then the standardizer is frozen
 *       from them and the learner is created. It is frozen, not updated, because the network learns in
 *       standardized space: moving the map under it would silently shift everything it has learned.</li>
 *   <li><b>Sigma.</b> If the settings select sigma, the learner waits for it: {@link #sigmaSelectionTask} is the
 *       selection on the warm-up points, which takes seconds to minutes, so the caller runs it where it does not
 *       block (the trainer processor on a thread of its own) and hands the result to {@link #startLearning}.
 *       Points that arrive meanwhile go to the reservoir, and a provisional learner at a rule-of-thumb sigma
 *       ({@link #provisionalSigma}) trains and publishes {@linkplain DensityModel#provisional provisional} models,
 *       so that a stream has a model within seconds; it is neither checkpointed nor kept, and a fresh learner
 *       starts at the choice. The choice is part of the checkpoint and of every later model.</li>
 *   <li><b>Admission.</b> After warm-up, a point whose p-value under the newest published model is below
 *       {@code gatePValue} (by default the false-alarm rate: the points the model flags) is not learned from,
 *       unless {@code trainOnAnomalies}; the others are offered to the reservoir, a uniform sample of everything
 *       admitted since the start. The gate keeps anomalies out of both the density and the calibration, which
 *       is calibrated on the reservoir: with 2% anomalies in the stream, an ungated calibration puts the 1%
 *       threshold among the anomalies. Its cost: the tail of normal points it trims is missing from the next
 *       calibration, which pulls the threshold inward; the reservoir's long memory makes that drift slow, and a
 *       lower {@code gatePValue} slows it further at the price of learning more contamination. Before any of
 *       that, and even with {@code trainOnAnomalies}, a point more than {@value #MAX_STANDARDIZED_DISTANCE}
 *       standard deviations of the warm-up data from its mean is never learned from: one such point in the
 *       reservoir stretches log Z's proposal until the energy overflows at its samples, and no model could be
 *       published while it stays there.</li>
 *   <li><b>Training.</b> {@link #train} runs denoising steps on minibatches drawn from the reservoir until a time
 *       budget is spent.</li>
 *   <li><b>Publishing.</b> When {@link #publishDue} says so, {@link #publish} estimates log Z, calibrates on the
 *       reservoir and returns the next version.</li>
 * </ol>
 *
 * <p>Mutable and single-threaded.
 */
public final class DensityLearner {

    /** What became of an observed point. */
    public enum Admission {
        /** Kept for the warm-up (and in the reservoir). */
        WARMING_UP,
        /** Kept, and completed the warm-up: the standardizer is now frozen (checkpoint now). */
        WARMED_UP,
        /** Kept in the reservoir. */
        KEPT,
        /** Admitted, but reservoir sampling passed it over. */
        PASSED_OVER,
        /** Not learned from: an anomaly under the newest model. */
        GATED,
        /** Not learned from: beyond {@link #MAX_STANDARDIZED_DISTANCE} standard deviations on some feature. */
        OUT_OF_RANGE;

        /** Whether the point was offered to the reservoir (which then counts it, kept or not). */
        public boolean offered() {
            return this != GATED && this != OUT_OF_RANGE;
        }
    }

    /** How far from the warm-up data's mean, in its standard deviations, a point may be to be learned from. */
    public static final double MAX_STANDARDIZED_DISTANCE = 1e4;

    /** An observation's outcome and the reservoir slot it now occupies (-1 if none). */
    public record Observation(Admission admission, int slot) {
    }

    /** Consecutive refused steps after which a fit is declared diverged. */
    static final int MAX_CONSECUTIVE_REFUSALS = 50;

    /** How the learning rate falls over a fit: the mode weights settle only once Adam's steps shrink. */
    static final LearningRateDecay DECAY = LearningRateDecay.defaults();

    private final List<String> features;
    /** What every learner is told: training, sigma choice, scaling, calibration, build. */
    private final DensitySettings density;
    /** A stream's settings: warm-up, gate, publishing, the sigma selection; null for a table's learner. */
    private final TrainerSettings settings;
    private final Reservoir reservoir;
    /**
     * Draws minibatch rows. A table's fit draws from {@code Random(seed)}, a stream's from a SplittableRandom
     * seeded with the seed and the steps at the (re)start: the streams of earlier versions, kept so that a given
     * seed gives the same model as before.
     */
    private final RandomGenerator batchRng;
    /** The fit's length, over which the learning rate decays; 0 for a stream, which has no last step. */
    private final long plannedSteps;
    private int refusedInARow;
    private Standardizer standardizer;
    private DenoisingLearner learner;
    /** The learner's config: the settings' with the selected sigma, once there is a learner. */
    private TrainingConfig training;
    /** Where the learner's sigma came from; null when it was given. */
    private SigmaSelection sigmaSelection;
    private DensityModel newest;
    private long version;
    private long stepsAtLastPublish;
    private long lastPublishMillis = -1;
    private double smoothedLoss = Double.NaN;
    /**
     * Whether sigma is being selected: from the end of the warm-up (or a table's start) to {@link #startLearning}.
     * Meanwhile a stream's learner is provisional, at a rule-of-thumb sigma ({@link #provisionalSigma}).
     */
    private boolean selectionPending;
    /** Accepted and refused steps of provisional learners since this learner was created or restored. */
    private long provisionalSteps;
    private long provisionalRefusedSteps;

    private DensityLearner(List<String> features, TrainerSettings settings, Reservoir reservoir,
                          Standardizer standardizer, DenoisingLearner learner, TrainingConfig training,
                          SigmaSelection sigmaSelection, DensityModel newest, long version) {
        this(features, settings.density(), settings, reservoir, standardizer, learner, training, sigmaSelection,
                newest, version, 0);
    }

    private DensityLearner(List<String> features, DensitySettings density, TrainerSettings settings,
                           Reservoir reservoir, Standardizer standardizer, DenoisingLearner learner,
                           TrainingConfig training, SigmaSelection sigmaSelection, DensityModel newest, long version,
                           long plannedSteps) {
        this.features = List.copyOf(features);
        this.density = density;
        this.settings = settings;
        this.reservoir = reservoir;
        this.standardizer = standardizer;
        this.learner = learner;
        this.training = training;
        this.sigmaSelection = sigmaSelection;
        this.newest = newest;
        this.version = version;
        this.plannedSteps = plannedSteps;
        this.stepsAtLastPublish = learner == null ? 0 : learner.steps();
        this.batchRng = plannedSteps > 0 ? new Random(density.training().seed())
                : new SplittableRandom(density.training().seed() + stepsAtLastPublish);
    }

    /**
     * A learner for a fit of {@code steps} steps on a whole table: standardized by all its rows, which are its
     * memory; it learns at the given sigma, or {@linkplain #awaitingSigma waits} for the selection on the rows.
     *
     * @throws IllegalArgumentException with fewer than 2 rows or steps
     */
    public static DensityLearner onTable(List<String> features, double[][] rows, DensitySettings settings,
                                         long steps) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("need at least 2 points to fit a density, got " + rows.length);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        // The table is the warm-up and the memory: a reservoir as large as the table keeps every row, in order.
        Reservoir memory = new Reservoir(rows.length, Long.MAX_VALUE, settings.training().seed());
        for (double[] row : rows) {
            memory.offer(row);
        }
        DensityLearner table = new DensityLearner(features, settings, null, memory,
                Standardizer.fit(rows, settings.scaling()), null, null, null, null, 0, steps);
        if (settings.sigma() instanceof SigmaChoice.Given given) {
            table.createLearner(settings.training().at(given.schedule()), null);
        } else {
            // A fit selects first and has no use for a provisional model.
            table.selectionPending = true;
        }
        return table;
    }

    /** A trainer that has seen nothing. */
    public static DensityLearner create(List<String> features, TrainerSettings settings) {
        Reservoir reservoir = new Reservoir(settings.reservoirCapacity(), horizon(settings),
                settings.density().training().seed());
        return new DensityLearner(features, settings, reservoir, null, null, null, null, null, 0);
    }

    /**
     * A trainer resumed from persisted state.
     *
     * @param checkpoint     the learning state, or null if the warm-up had not finished
     * @param reservoirRows  the reservoir's slots 0..n-1
     * @param offered        how many points had been offered to the reservoir
     * @param newest         the last published model (for the gate), or null
     * @throws IllegalStateException if the checkpoint was made for other features or another network shape, or
     *                               selected a sigma other than the one the settings fix
     */
    public static DensityLearner restore(List<String> features, TrainerSettings settings, TrainerCheckpoint checkpoint,
                                        double[][] reservoirRows, long offered, DensityModel newest) {
        Reservoir reservoir = Reservoir.restore(settings.reservoirCapacity(), horizon(settings), reservoirRows, offered,
                settings.density().training().seed());
        if (checkpoint == null) {
            // Provisional models may have been published before the restart: versions go on from the newest.
            DensityLearner trainer = new DensityLearner(features, settings, reservoir, null, null, null, null, newest,
                    newest == null ? 0 : newest.provenance().version());
            if (reservoir.offered() >= settings.warmupPoints()) {
                // The warm-up ended but the sigma selection had not: it starts again on the same points.
                trainer.endWarmup();
            }
            return trainer;
        }
        if (!checkpoint.features().equals(features)
                || checkpoint.learner().shape().width() != settings.density().training().width()
                || checkpoint.learner().shape().depth() != settings.density().training().depth()) {
            throw new IllegalStateException("the trainer's checkpoint is for features " + checkpoint.features()
                    + " and network " + checkpoint.learner().shape() + ", not " + features + " with width "
                    + settings.density().training().width() + " and depth "
                    + settings.density().training().depth()
                    + "; keep the settings, or start afresh under a new application id");
        }
        SigmaSelection selection = checkpoint.sigmaSelection();
        // A checkpoint without a selection learned at the given sigma (the fallback, when the settings select).
        TrainingConfig training = unselected(settings.density());
        if (selection != null) {
            if (settings.density().sigma() instanceof SigmaChoice.Given given
                    && given.schedule().initial() != selection.chosen()) {
                throw new IllegalStateException("the trainer's checkpoint learns at sigma " + selection.chosen()
                        + ", selected on its warm-up, not at " + given.schedule().initial() + "; drop --sigma, or "
                        + "start afresh under a new application id");
            }
            training = settings.density().training().at(SigmaSchedule.constant(selection.chosen()));
        }
        Standardizer frozen = checkpoint.standardizer();
        // The checkpoint keeps the centres and scales; how they were measured is the settings' (a label for model files).
        return new DensityLearner(features, settings, reservoir,
                Standardizer.of(frozen.mean(), frozen.std(), settings.density().scaling()),
                DenoisingLearner.resume(training, checkpoint.learner()), training, selection, newest,
                checkpoint.modelVersion());
    }

    private static long horizon(TrainerSettings settings) {
        return settings.reservoirHorizon() > 0 ? settings.reservoirHorizon() : Long.MAX_VALUE;
    }

    /** Observes one point (finite, one value per feature). */
    public Observation observe(double[] x) {
        if (settings == null) {
            throw new IllegalStateException("a table's learner has all its points from the start");
        }
        if (x.length != features.size()) {
            throw new IllegalArgumentException("expected " + features.size() + " features, got " + x.length);
        }
        if (standardizer == null) {
            int slot = reservoir.offer(x);
            if (reservoir.offered() < settings.warmupPoints()) {
                return new Observation(Admission.WARMING_UP, slot);
            }
            endWarmup();
            return new Observation(Admission.WARMED_UP, slot);
        }
        if (beyondLearnableRange(x)) {
            return new Observation(Admission.OUT_OF_RANGE, -1);
        }
        // A provisional model does not gate: what the selected model learns from is not filtered by a rule of thumb.
        if (!settings.trainOnAnomalies() && newest != null && !newest.provisional() && isGated(newest.score(x))) {
            return new Observation(Admission.GATED, -1);
        }
        int slot = reservoir.offer(x);
        return new Observation(slot >= 0 ? Admission.KEPT : Admission.PASSED_OVER, slot);
    }

    /**
     * Freezes the standardizer on the reservoir (after the warm-up: at least its points) and learns: at the given
     * sigma, or, while the selection runs, provisionally at a rule-of-thumb one.
     */
    private void endWarmup() {
        standardizer = Standardizer.fit(reservoir.rows(), density.scaling());
        if (!density.selectsSigma()) {
            createLearner(unselected(density), null);
            return;
        }
        selectionPending = true;
        createLearner(density.training().at(SigmaSchedule.constant(provisionalSigma())), null);
    }

    /**
     * The provisional learner's sigma: Scott's rule for a Gaussian kernel in standardized units, n^(-1/(d+4)) for the
     * n warm-up points in d dimensions (0.32 for 1,000 points in 2), kept within the selection's grid. A model within
     * seconds of the warm-up, not a choice: the selection's replaces it.
     */
    double provisionalSigma() {
        double[] grid = ((SigmaChoice.Selected) density.sigma()).selecting().grid();
        double scott = Math.pow(reservoir.size(), -1.0 / (features.size() + 4));
        return Math.max(grid[0], Math.min(grid[grid.length - 1], scott));
    }

    private void createLearner(TrainingConfig config, SigmaSelection selection) {
        if (learner != null && selectionPending) {
            provisionalSteps += learner.steps();
            provisionalRefusedSteps += learner.refusedSteps();
        }
        training = config;
        sigmaSelection = selection;
        learner = DenoisingLearner.create(features.size(), config, DataType.FLOAT);
        stepsAtLastPublish = 0;
    }

    /**
     * Whether the warm-up is over and sigma is being selected: the learner waits for {@link #startLearning} (a stream's
     * learns provisionally meanwhile, and its models are {@linkplain DensityModel#provisional provisional}).
     */
    public boolean awaitingSigma() {
        return standardizer != null && selectionPending;
    }

    /** Whether the learner is provisional: a stream's, at a rule-of-thumb sigma while the selection runs. */
    public boolean provisional() {
        return selectionPending && learner != null;
    }

    /**
     * The sigma selection on the reservoir's points as they are now (at the end of the warm-up: the warm-up
     * points), with the settings' network, batch and seed: a self-contained task that may run on any thread,
     * deterministic for its points.
     *
     * @param progress told of each finished candidate, on the thread that runs the task
     * @throws IllegalStateException unless {@link #awaitingSigma}
     */
    public Supplier<SigmaSelection> sigmaSelectionTask(SigmaSelector.Progress progress) {
        if (!awaitingSigma()) {
            throw new IllegalStateException("sigma is selected once, after the warm-up, when the settings ask for it");
        }
        Objects.requireNonNull(progress, "progress");
        double[][] rows = reservoir.rows();
        SigmaSelector.Settings selecting = ((SigmaChoice.Selected) density.sigma()).selecting();
        DensitySettings settings = density;
        return () -> SigmaSelector.select(features, rows, settings, selecting, progress);
    }

    /**
     * Starts learning at the selected sigma.
     *
     * @throws IllegalStateException unless {@link #awaitingSigma}
     */
    public void startLearning(SigmaSelection selection) {
        Objects.requireNonNull(selection, "selection");
        if (!awaitingSigma()) {
            throw new IllegalStateException("the trainer does not wait for a sigma");
        }
        createLearner(density.training().at(SigmaSchedule.constant(selection.chosen())), selection);
        selectionPending = false;
    }

    /**
     * Starts learning at the selection's fallback sigma, when the selection failed.
     *
     * @throws IllegalStateException unless {@link #awaitingSigma}
     */
    public void startLearningAtFallbackSigma() {
        if (!awaitingSigma()) {
            throw new IllegalStateException("the trainer does not wait for a sigma");
        }
        createLearner(unselected(density), null);
        selectionPending = false;
    }

    /** The config a learner has without a selection: the given sigma, or the selection's fallback. */
    private static TrainingConfig unselected(DensitySettings density) {
        if (density.sigma() instanceof SigmaChoice.Given given) {
            return density.training().at(given.schedule());
        }
        return density.training().at(SigmaSchedule.constant(((SigmaChoice.Selected) density.sigma()).fallback()));
    }

    private boolean beyondLearnableRange(double[] x) {
        double[] z = standardizer.standardize(x);
        for (double v : z) {
            if (!(Math.abs(v) <= MAX_STANDARDIZED_DISTANCE)) {
                return true;
            }
        }
        return false;
    }

    /** Points out of the newest model's range are gated too: they are further from the data than any anomaly. */
    private boolean isGated(Score score) {
        return !score.inRange() || score.pValue() < settings.gatePValue();
    }

    /**
     * Runs denoising steps until {@code budgetNanos} have passed (at least one step once warmed up).
     *
     * @return the steps taken, refused ones included
     */
    public int train(long budgetNanos, long nowMillis) {
        return train(budgetNanos, nowMillis, nanos -> { });
    }

    /**
     * {@link #train(long, long)}, reporting each step's duration (nanoseconds, minibatch drawing included) to
     * {@code stepDurations}.
     */
    public int train(long budgetNanos, long nowMillis, LongConsumer stepDurations) {
        if (learner == null) {
            return 0;
        }
        startClock(nowMillis);
        long deadline = System.nanoTime() + budgetNanos;
        StepBuffers buffers = new StepBuffers();
        int taken = 0;
        while (true) {
            long stepStart = System.nanoTime();
            step(buffers);
            taken++;
            long stepEnd = System.nanoTime();
            stepDurations.accept(stepEnd - stepStart);
            if (stepEnd >= deadline) {
                return taken;
            }
        }
    }

    /**
     * Runs exactly {@code steps} denoising steps (refused ones included): training by count rather than by clock,
     * for replays whose outcome must not depend on the machine's speed (the prequential benchmark).
     *
     * @return the steps taken: {@code steps}, or 0 during warm-up
     */
    public int trainSteps(int steps, long nowMillis) {
        if (learner == null || steps < 1) {
            return 0;
        }
        startClock(nowMillis);
        StepBuffers buffers = new StepBuffers();
        for (int i = 0; i < steps; i++) {
            step(buffers);
        }
        return steps;
    }

    /**
     * A {@linkplain #onTable table}'s fit: steps until the planned number have been accepted, reporting progress.
     *
     * @throws IllegalStateException if {@value #MAX_CONSECUTIVE_REFUSALS} steps in a row are refused (diverged),
     *                               on a learner that is not a table's, or before the selected sigma is given
     */
    public void fit(DensityFitter.Progress progress) {
        if (plannedSteps < 1) {
            throw new IllegalStateException("only a table's learner has a planned number of steps to fit");
        }
        if (learner == null) {
            throw new IllegalStateException("sigma is still to be selected: run sigmaSelectionTask, then startLearning");
        }
        StepBuffers buffers = new StepBuffers();
        long start = System.nanoTime();
        while (learner.steps() < plannedSteps) {
            if (step(buffers)) {
                long done = learner.steps();
                if (done % 50 == 0 || done == plannedSteps) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    progress.update(done, plannedSteps, smoothedLoss, done * (double) buffers.rows / seconds);
                }
            }
        }
    }

    private void startClock(long nowMillis) {
        if (lastPublishMillis < 0) {
            lastPublishMillis = nowMillis;
        }
    }

    /** A minibatch's buffers, reused across the steps of one round. */
    private final class StepBuffers {
        /** A batch never exceeds the memory's capacity (a table smaller than the batch size: the whole table). */
        final int rows = Math.min(density.training().batchSize(), reservoir.capacity());
        final float[] batch = new float[rows * features.size()];
        final double[] mean = standardizer.mean();
        final double[] std = standardizer.std();
    }

    /**
     * One step on a minibatch drawn from the memory, standardized; a fit's learning rate follows its decay.
     *
     * @return whether the step was accepted
     */
    private boolean step(StepBuffers buffers) {
        int batchSize = buffers.rows;
        int d = features.size();
        for (int b = 0; b < batchSize; b++) {
            double[] row = reservoir.row(batchRng.nextInt(reservoir.size()));
            for (int i = 0; i < d; i++) {
                buffers.batch[b * d + i] = (float) ((row[i] - buffers.mean[i]) / buffers.std[i]);
            }
        }
        INDArray batch = Nd4j.create(buffers.batch, new long[] {batchSize, d}, 'c');
        if (plannedSteps > 0) {
            learner.setLearningRate(training.learningRate() * DECAY.factorAt(learner.steps(), plannedSteps));
        }
        DenoisingLearner.StepResult step = learner.learn(batch);
        if (!step.accepted()) {
            if (++refusedInARow >= MAX_CONSECUTIVE_REFUSALS && plannedSteps > 0) {
                throw new IllegalStateException("training diverged: " + refusedInARow
                        + " steps in a row had a non-finite or exploding gradient (last loss " + step.loss()
                        + "); try a smaller learning rate or a larger sigma");
            }
            return false;
        }
        refusedInARow = 0;
        smoothedLoss = Double.isNaN(smoothedLoss) ? step.loss() : 0.98 * smoothedLoss + 0.02 * step.loss();
        return true;
    }

    /** Whether a model should be published now: new steps, and enough of them or enough time since the last. */
    public boolean publishDue(long nowMillis) {
        if (settings == null || learner == null || learner.steps() == stepsAtLastPublish) {
            return false;
        }
        // The first provisional model comes after a fifth of the steps: something to look at within seconds.
        boolean firstProvisional = provisional() && (newest == null || !newest.provisional());
        long everySteps = firstProvisional ? Math.max(1, settings.publishEverySteps() / 5)
                : settings.publishEverySteps();
        return learner.steps() - stepsAtLastPublish >= everySteps
                || nowMillis - lastPublishMillis >= settings.publishEvery().toMillis();
    }

    /**
     * Freezes the learner into the next model version: the weight average's network, log Z by importance sampling
     * on the memory's points, p-values calibrated on them, provenance, and the sigma selection if there was one.
     */
    public DensityModel freeze(Instant at) {
        if (learner == null) {
            throw new IllegalStateException("nothing to freeze before the warm-up ends");
        }
        double[][] rows = reservoir.rows();
        INDArray data = standardizer.standardize(rows, DataType.FLOAT);
        double sigma = learner.currentSigma();
        LogPartitionEstimator estimator = new LogPartitionEstimator(
                LogPartitionEstimator.Settings.defaults().withSamples(density.calibration().normalizerSamples()));
        EnergyNetwork averaged = learner.averagedNetwork();
        LogPartition logZ = estimator.estimate(averaged::energy, data, sigma,
                density.training().seed() + version);
        Provenance provenance = new Provenance(training, learner.steps(), learner.refusedSteps(),
                reservoir.offered(), version + 1, at, density.build());
        DensityModel model = DensityModel.calibratedOn(rows, features, standardizer, averaged, sigma, logZ,
                density.calibration().falseAlarmRate(), provenance);
        if (sigmaSelection != null) {
            model = model.withSigmaSelection(sigmaSelection);
        }
        if (provisional()) {
            model = model.asProvisional();
        }
        version++;
        newest = model;
        stepsAtLastPublish = learner.steps();
        lastPublishMillis = at.toEpochMilli();
        return model;
    }

    /** {@link #freeze(Instant)} at {@code nowMillis}: the stream's next model version. */
    public DensityModel publish(long nowMillis) {
        return freeze(Instant.ofEpochMilli(nowMillis));
    }

    /**
     * The learning state to persist, or null before the learner starts (warm-up, sigma selection: a provisional
     * learner is not kept; after a restart the selection runs again, and a new provisional learner meanwhile).
     */
    public TrainerCheckpoint checkpoint() {
        return learner == null || selectionPending ? null
                : new TrainerCheckpoint(features, learner.state(), standardizer, version, sigmaSelection);
    }

    public Reservoir reservoir() {
        return reservoir;
    }

    /** Whether the learner has started: the warm-up is over and sigma known. */
    public boolean warmedUp() {
        return learner != null && !selectionPending;
    }

    /** Accepted steps of the provisional learners this learner replaced (a monotone count for metrics). */
    public long provisionalSteps() {
        return provisionalSteps;
    }

    /** Refused steps of the provisional learners this learner replaced. */
    public long provisionalRefusedSteps() {
        return provisionalRefusedSteps;
    }

    /** The sigma the learner learns at (NaN before it starts). */
    public double sigma() {
        return learner == null ? Double.NaN : learner.currentSigma();
    }

    /** The selection the learner's sigma came from, if it was selected and the selection has finished. */
    public Optional<SigmaSelection> sigmaSelection() {
        return Optional.ofNullable(sigmaSelection);
    }

    /** Accepted steps so far (0 during warm-up). */
    public long steps() {
        return learner == null ? 0 : learner.steps();
    }

    /** Refused (divergent) steps so far. */
    public long refusedSteps() {
        return learner == null ? 0 : learner.refusedSteps();
    }

    /** The last published version (0: none). */
    public long version() {
        return version;
    }

    /** An exponential moving average of the accepted steps' losses (NaN before the first). */
    public double smoothedLoss() {
        return smoothedLoss;
    }

    /** The newest published model, or null. */
    public DensityModel newest() {
        return newest;
    }
}
