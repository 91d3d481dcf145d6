package io.ddestream.eval.prequential;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.DensityLearner;
import io.ddestream.engine.density.TrainerSettings;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * dde-stream's streaming trainer ({@link DensityLearner}: warm-up, frozen standardizer, gate, reservoir,
 * warm-started denoising steps, published models with log Z and p-values) as a {@link StreamingDetector}, driven
 * by point counts instead of the wall clock so that a replay's outcome does not depend on the machine:
 *
 * <ol>
 *   <li>The first {@code warmupPoints} points are not scored. When the last of them arrives, sigma is selected on
 *       them alone (unless the settings fix it), the trainer takes them as its warm-up, runs {@code initialSteps}
 *       steps and publishes the first model.</li>
 *   <li>Every later point is scored by the newest published model, then offered to the trainer, which (as in the
 *       stream) does not learn from points that model flags.</li>
 *   <li>After every {@code learnEvery} points the trainer runs {@code stepsPerRound} steps on minibatches from its
 *       reservoir; after every {@code publishEvery} points it publishes a new model, which scores from the next
 *       point on.</li>
 * </ol>
 *
 * <p>Mutable and single-threaded.
 */
public final class DdeDetector implements StreamingDetector {

    /**
     * The replay's schedule, in points.
     *
     * @param warmupPoints  points learned before any is scored (the trainer's warm-up, and the sigma selection's data)
     * @param initialSteps  steps before the first model
     * @param learnEvery    points between training rounds
     * @param stepsPerRound steps per training round
     * @param publishEvery  points between published models
     */
    public record Protocol(int warmupPoints, int initialSteps, int learnEvery, int stepsPerRound, int publishEvery) {

        public Protocol {
            if (warmupPoints < 4 || initialSteps < 1 || learnEvery < 1 || stepsPerRound < 0 || publishEvery < 1) {
                throw new IllegalArgumentException("invalid prequential protocol: warm-up " + warmupPoints
                        + ", initial steps " + initialSteps + ", learn every " + learnEvery + ", steps per round "
                        + stepsPerRound + ", publish every " + publishEvery);
            }
        }

        /**
         * Warm-up on 256 points (Random Cut Forest's default sample size), 1,000 steps before the first model,
         * 25 steps every 32 points, a new model every 256 points.
         */
        public static Protocol defaults() {
            return new Protocol(256, 1000, 32, 25, 256);
        }
    }

    private final SigmaSelector.Progress selectionProgress;
    private final Protocol protocol;
    private final DensityLearner trainer;
    private DensityModel model;
    private long learned;
    private long seenByModel;
    private int models;

    /**
     * @param settings the trainer's settings; its warm-up is replaced by the protocol's, and sigma is selected on
     *                 the warm-up points if the settings select it ({@link TrainerSettings#selectsSigma})
     */
    public DdeDetector(List<String> features, TrainerSettings settings, SigmaSelector.Progress selectionProgress,
                       Protocol protocol) {
        this.selectionProgress = Objects.requireNonNull(selectionProgress, "selection progress");
        this.protocol = protocol;
        this.trainer = DensityLearner.create(features, settings.withWarmup(protocol.warmupPoints(),
                Math.max(settings.reservoirCapacity(), protocol.warmupPoints())));
    }

    @Override
    public double score(double[] x) {
        return model == null ? Double.NaN : model.score(x).anomalyScore();
    }

    @Override
    public void learn(double[] x) {
        learned++;
        trainer.observe(x);
        if (learned <= protocol.warmupPoints()) {
            if (learned == protocol.warmupPoints()) {
                startLearning();
            }
            return;
        }
        long sinceWarmup = learned - protocol.warmupPoints();
        if (sinceWarmup % protocol.learnEvery() == 0) {
            trainer.trainSteps(protocol.stepsPerRound(), learned);
        }
        if (sinceWarmup % protocol.publishEvery() == 0) {
            publish();
        }
    }

    /** The stream's selection (the same task the trainer processor runs on its own thread) runs inline here. */
    private void startLearning() {
        if (trainer.awaitingSigma()) {
            trainer.startLearning(trainer.sigmaSelectionTask(selectionProgress).get());
        }
        trainer.trainSteps(protocol.initialSteps(), learned);
        publish();
    }

    private void publish() {
        model = trainer.publish(learned);
        seenByModel = learned;
        models++;
    }

    @Override
    public long pointsSeenByScoringModel() {
        return seenByModel;
    }

    /** The sigma selection made at the end of the warm-up, if sigma was selected and the warm-up is over. */
    public Optional<SigmaSelection> sigmaSelection() {
        return trainer.sigmaSelection();
    }

    /** The sigma the trainer learns at (NaN before the warm-up ends). */
    public double sigma() {
        return model == null ? Double.NaN : model.sigma();
    }

    /** Models published so far. */
    public int models() {
        return models;
    }

    /** Denoising steps taken so far. */
    public long steps() {
        return trainer.steps();
    }
}
