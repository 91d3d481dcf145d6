package io.ddestream.engine.density;

import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.ScoreCalibration;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.Standardizer;

import java.time.Duration;

/**
 * How the online trainer learns and publishes. Immutable and validated once.
 *
 * @param training           the learner's network, batch, learning rate, sigma and seed
 * @param warmupPoints       points whose moments freeze the standardizer before any step is taken
 * @param reservoirCapacity  points kept for training (a uniform sample of all admitted points); at least
 *                           {@code warmupPoints}
 * @param trainEvery         how often a training round runs
 * @param stepBudget         how long one round may run steps; far below {@code max.poll.interval.ms}
 * @param publishEverySteps  a model is published after this many steps...
 * @param publishEvery       ...or after this long since the last, whichever comes first (if a step was taken)
 * @param normalizerSamples  importance samples for each published model's log Z
 * @param falseAlarmRate     the published models' false-alarm rate
 * @param gatePValue         points whose p-value under the newest model is below this are not learned from
 * @param trainOnAnomalies   learn from every valid point, ignoring {@code gatePValue}
 * @param build              the build that trains, recorded in every model's provenance
 * @param reservoirHorizon   0: the reservoir is a uniform sample of every admitted point; otherwise about this many
 *                           of the latest (at least {@code reservoirCapacity}), so that models follow a changing
 *                           stream (see {@link Reservoir})
 * @param scaling            how the standardizer is measured on the warm-up points
 * @param sigmaSelection     how to select sigma on the warm-up points before the first step, or null to learn at
 *                           {@code training}'s sigma (which is also the fallback if the selection fails)
 */
public record TrainerSettings(TrainingConfig training, int warmupPoints, int reservoirCapacity, Duration trainEvery,
                              Duration stepBudget, long publishEverySteps, Duration publishEvery,
                              int normalizerSamples, double falseAlarmRate, double gatePValue,
                              boolean trainOnAnomalies, String build, long reservoirHorizon,
                              Standardizer.Method scaling, SigmaSelector.Settings sigmaSelection)
        implements DensityLearning {

    /** Settings that standardize by the warm-up points' moments (mean and std). */
    public TrainerSettings(TrainingConfig training, int warmupPoints, int reservoirCapacity, Duration trainEvery,
                           Duration stepBudget, long publishEverySteps, Duration publishEvery,
                           int normalizerSamples, double falseAlarmRate, double gatePValue,
                           boolean trainOnAnomalies, String build, long reservoirHorizon) {
        this(training, warmupPoints, reservoirCapacity, trainEvery, stepBudget, publishEverySteps, publishEvery,
                normalizerSamples, falseAlarmRate, gatePValue, trainOnAnomalies, build, reservoirHorizon,
                Standardizer.Method.MOMENTS, null);
    }

    public TrainerSettings {
        java.util.Objects.requireNonNull(scaling, "scaling");
        if (warmupPoints < 2) {
            throw new IllegalArgumentException("warm-up needs at least 2 points, got " + warmupPoints);
        }
        if (reservoirCapacity < warmupPoints) {
            throw new IllegalArgumentException("the reservoir (" + reservoirCapacity
                    + ") must hold at least the warm-up points (" + warmupPoints + ")");
        }
        if (trainEvery.isNegative() || trainEvery.isZero() || stepBudget.isNegative() || stepBudget.isZero()
                || publishEvery.isNegative() || publishEvery.isZero()) {
            throw new IllegalArgumentException("training and publishing intervals must be positive");
        }
        if (publishEverySteps < 1) {
            throw new IllegalArgumentException("publish-every-steps must be >= 1, got " + publishEverySteps);
        }
        if (normalizerSamples < 100) {
            throw new IllegalArgumentException("normalizer samples must be >= 100, got " + normalizerSamples);
        }
        if (reservoirHorizon != 0 && reservoirHorizon < reservoirCapacity) {
            throw new IllegalArgumentException("the reservoir horizon (" + reservoirHorizon + ") must be 0 or at "
                    + "least the reservoir's capacity (" + reservoirCapacity + ")");
        }
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1) || !(gatePValue >= 0 && gatePValue < 1)) {
            throw new IllegalArgumentException("false-alarm rate must be in (0, 1) and the gate p-value in [0, 1)");
        }
        // The first model is calibrated on the warm-up points; with n of them no p-value is below 1 / (n + 1), and
        // the threshold would be infinite: nothing flagged, and a number JSON cannot carry on dde.scores.
        int needed = ScoreCalibration.minimumPointsToFlag(falseAlarmRate);
        if (warmupPoints < needed) {
            throw new IllegalArgumentException("a warm-up of " + warmupPoints + " points cannot flag anything at a "
                    + "false-alarm rate of " + falseAlarmRate + ": it needs at least " + needed + " points");
        }
    }

    /**
     * Defaults for small data (the 2D toys): width 64, depth 4, batch 256, a fixed sigma of 0.1 (the CLI selects
     * sigma on the warm-up unless given one: {@link #withSigmaSelection}); warm-up on 1,000 points;
     * a 10,000-point reservoir; 100 ms of steps every 200 ms; a model every 500 steps or 10 s; log Z from 5,000
     * samples; flags at 1%, and does not learn from the points it flags.
     */
    public static TrainerSettings defaults(String build) {
        TrainingConfig training = TrainingConfig.defaults().withBatchSize(256).withSigma(SigmaSchedule.constant(0.1));
        return new TrainerSettings(training, 1000, 10_000, Duration.ofMillis(200), Duration.ofMillis(100), 500,
                Duration.ofSeconds(10), 5000, 0.01, 0.01, false, build, 0, Standardizer.Method.MOMENTS, null);
    }

    public TrainerSettings withTraining(TrainingConfig t) {
        return new TrainerSettings(t, warmupPoints, reservoirCapacity, trainEvery, stepBudget, publishEverySteps,
                publishEvery, normalizerSamples, falseAlarmRate, gatePValue, trainOnAnomalies, build,
                reservoirHorizon, scaling, sigmaSelection);
    }

    public TrainerSettings withWarmup(int points, int capacity) {
        return new TrainerSettings(training, points, capacity, trainEvery, stepBudget, publishEverySteps,
                publishEvery, normalizerSamples, falseAlarmRate, gatePValue, trainOnAnomalies, build,
                reservoirHorizon, scaling, sigmaSelection);
    }

    public TrainerSettings withPublishing(long everySteps, Duration every) {
        return new TrainerSettings(training, warmupPoints, reservoirCapacity, trainEvery, stepBudget, everySteps,
                every, normalizerSamples, falseAlarmRate, gatePValue, trainOnAnomalies, build,
                reservoirHorizon, scaling, sigmaSelection);
    }

    public TrainerSettings withRounds(Duration every, Duration budget) {
        return new TrainerSettings(training, warmupPoints, reservoirCapacity, every, budget, publishEverySteps,
                publishEvery, normalizerSamples, falseAlarmRate, gatePValue, trainOnAnomalies, build,
                reservoirHorizon, scaling, sigmaSelection);
    }

    public TrainerSettings withNormalizerSamples(int samples) {
        return new TrainerSettings(training, warmupPoints, reservoirCapacity, trainEvery, stepBudget,
                publishEverySteps, publishEvery, samples, falseAlarmRate, gatePValue, trainOnAnomalies, build,
                reservoirHorizon, scaling, sigmaSelection);
    }

    public TrainerSettings withGate(double pValue, boolean onAnomalies) {
        return new TrainerSettings(training, warmupPoints, reservoirCapacity, trainEvery, stepBudget,
                publishEverySteps, publishEvery, normalizerSamples, falseAlarmRate, pValue, onAnomalies, build,
                reservoirHorizon, scaling, sigmaSelection);
    }

    /** The same settings with a reservoir horizon (0: uniform over the whole stream). */
    public TrainerSettings withReservoirHorizon(long horizon) {
        return new TrainerSettings(training, warmupPoints, reservoirCapacity, trainEvery, stepBudget,
                publishEverySteps, publishEvery, normalizerSamples, falseAlarmRate, gatePValue, trainOnAnomalies, build,
                horizon, scaling, sigmaSelection);
    }

    public TrainerSettings withFalseAlarmRate(double rate) {
        return new TrainerSettings(training, warmupPoints, reservoirCapacity, trainEvery, stepBudget,
                publishEverySteps, publishEvery, normalizerSamples, rate, gatePValue, trainOnAnomalies, build,
                reservoirHorizon, scaling, sigmaSelection);
    }

    /** The same settings standardizing the warm-up points by {@code method}. */
    public TrainerSettings withScaling(Standardizer.Method method) {
        return new TrainerSettings(training, warmupPoints, reservoirCapacity, trainEvery, stepBudget,
                publishEverySteps, publishEvery, normalizerSamples, falseAlarmRate, gatePValue, trainOnAnomalies, build,
                reservoirHorizon, method, sigmaSelection);
    }

    /**
     * The same settings selecting sigma on the warm-up points ({@link SigmaSelector}) before the first step, or,
     * with null, learning at {@code training}'s sigma.
     */
    public TrainerSettings withSigmaSelection(SigmaSelector.Settings selecting) {
        return new TrainerSettings(training, warmupPoints, reservoirCapacity, trainEvery, stepBudget,
                publishEverySteps, publishEvery, normalizerSamples, falseAlarmRate, gatePValue, trainOnAnomalies, build,
                reservoirHorizon, scaling, selecting);
    }

    /** Whether sigma is selected on the warm-up points rather than given. */
    public boolean selectsSigma() {
        return sigmaSelection != null;
    }
}
