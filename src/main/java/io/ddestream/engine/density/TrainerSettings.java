package io.ddestream.engine.density;

import io.ddestream.engine.dde.TrainingSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * How a density learner follows a stream: what every learner is told ({@link DensitySettings}), and the stream's
 * own concerns, its warm-up, reservoir, rounds, publishing and gate. Immutable and validated once.
 *
 * @param density            the training, the sigma choice, scaling, calibration and build
 * @param warmupPoints       points that freeze the standardizer (and select sigma) before any step is taken
 * @param reservoirCapacity  points kept for training (a uniform sample of all admitted points); at least
 *                           {@code warmupPoints}
 * @param reservoirHorizon   0: the reservoir is a uniform sample of every admitted point; otherwise about this many
 *                           of the latest (at least {@code reservoirCapacity}), so that models follow a changing
 *                           stream (see {@link Reservoir})
 * @param trainEvery         how often a training round runs
 * @param stepBudget         how long one round may run steps; far below {@code max.poll.interval.ms}
 * @param publishEverySteps  a model is published after this many steps...
 * @param publishEvery       ...or after this long since the last, whichever comes first (if a step was taken)
 * @param gatePValue         points whose p-value under the newest model is below this are not learned from
 * @param trainOnAnomalies   learn from every valid point, ignoring {@code gatePValue}
 */
public record TrainerSettings(DensitySettings density, int warmupPoints, int reservoirCapacity, long reservoirHorizon,
                              Duration trainEvery, Duration stepBudget, long publishEverySteps, Duration publishEvery,
                              double gatePValue, boolean trainOnAnomalies) {

    public TrainerSettings {
        Objects.requireNonNull(density, "density");
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
        if (reservoirHorizon != 0 && reservoirHorizon < reservoirCapacity) {
            throw new IllegalArgumentException("the reservoir horizon (" + reservoirHorizon + ") must be 0 or at "
                    + "least the reservoir's capacity (" + reservoirCapacity + ")");
        }
        if (!(gatePValue >= 0 && gatePValue < 1)) {
            throw new IllegalArgumentException("the gate p-value must be in [0, 1), got " + gatePValue);
        }
        // The first model is calibrated on the warm-up points; with n of them no p-value is below 1 / (n + 1), and
        // the threshold would be infinite: nothing flagged, and a number JSON cannot carry on dde.scores.
        double falseAlarmRate = density.calibration().falseAlarmRate();
        int needed = ScoreCalibration.minimumPointsToFlag(falseAlarmRate);
        if (warmupPoints < needed) {
            throw new IllegalArgumentException("a warm-up of " + warmupPoints + " points cannot flag anything at a "
                    + "false-alarm rate of " + falseAlarmRate + ": it needs at least " + needed + " points");
        }
    }

    /** Sigma 0.1 when the selection fails: the smallest candidate, the one that blurs the least. */
    public static final double FALLBACK_SIGMA = 0.1;

    /**
     * Defaults for small data (the 2D toys): width 64, depth 4, batch 256; sigma selected on the warm-up by
     * {@link SigmaSelector}'s defaults (log Z of each short fit from 5,000 samples; {@value #FALLBACK_SIGMA} if it
     * fails); quantile scaling; log Z from 5,000 samples; flags at 1%; warm-up on 1,000 points; a 10,000-point
     * reservoir; 100 ms of steps every 200 ms; a model every 500 steps or 10 s; not learning from the points the
     * newest model flags.
     */
    public static TrainerSettings defaults(String build) {
        DensitySettings density = new DensitySettings(TrainingSettings.defaults(256),
                SigmaChoice.selected(SigmaSelector.Settings.defaults().withNormalizerSamples(5000), FALLBACK_SIGMA),
                Standardizer.Method.QUANTILES, new CalibrationSettings(5000, 0.01), build);
        return new TrainerSettings(density, 1000, 10_000, 0, Duration.ofMillis(200), Duration.ofMillis(100), 500,
                Duration.ofSeconds(10), 0.01, false);
    }

    /** The same stream settings for another learner. */
    public TrainerSettings withDensity(DensitySettings d) {
        return new TrainerSettings(d, warmupPoints, reservoirCapacity, reservoirHorizon, trainEvery, stepBudget,
                publishEverySteps, publishEvery, gatePValue, trainOnAnomalies);
    }

    /** The same settings with another warm-up and reservoir capacity. */
    public TrainerSettings withWarmup(int points, int capacity) {
        return new TrainerSettings(density, points, capacity, reservoirHorizon, trainEvery, stepBudget,
                publishEverySteps, publishEvery, gatePValue, trainOnAnomalies);
    }

    /** The same settings with a reservoir horizon (0: uniform over the whole stream). */
    public TrainerSettings withReservoirHorizon(long horizon) {
        return new TrainerSettings(density, warmupPoints, reservoirCapacity, horizon, trainEvery, stepBudget,
                publishEverySteps, publishEvery, gatePValue, trainOnAnomalies);
    }

    /** The same settings with other training rounds. */
    public TrainerSettings withRounds(Duration every, Duration budget) {
        return new TrainerSettings(density, warmupPoints, reservoirCapacity, reservoirHorizon, every, budget,
                publishEverySteps, publishEvery, gatePValue, trainOnAnomalies);
    }

    /** The same settings publishing after {@code everySteps} steps or {@code every}. */
    public TrainerSettings withPublishing(long everySteps, Duration every) {
        return new TrainerSettings(density, warmupPoints, reservoirCapacity, reservoirHorizon, trainEvery, stepBudget,
                everySteps, every, gatePValue, trainOnAnomalies);
    }

    /** The same settings with another gate. */
    public TrainerSettings withGate(double pValue, boolean onAnomalies) {
        return new TrainerSettings(density, warmupPoints, reservoirCapacity, reservoirHorizon, trainEvery, stepBudget,
                publishEverySteps, publishEvery, pValue, onAnomalies);
    }
}
