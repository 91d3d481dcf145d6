package io.ddestream.engine.density;

import io.ddestream.engine.dde.LearningRateDecay;
import io.ddestream.engine.dde.TrainingConfig;

import java.time.Instant;
import java.util.List;

/**
 * Fits a {@link DensityModel} to a table of points offline: a thin driver over the one learning core,
 * {@link DensityLearner#onTable}: standardize, train by denoising steps on random minibatches with a decaying
 * learning rate ({@link LearningRateDecay}), then freeze (log Z, calibration on the training points).
 */
public final class DensityFitter {

    /**
     * @param steps              denoising steps
     * @param normalizerSamples  importance samples for {@code log Z}
     * @param falseAlarmRate     fraction of normal points the anomaly flag may raise
     * @param scaling            how features are standardized before learning
     */
    public record Settings(TrainingConfig training, long steps, int normalizerSamples, double falseAlarmRate,
                           String build, Standardizer.Method scaling) implements DensityLearning {

        /** Settings that standardize by the moments (mean and std). */
        public Settings(TrainingConfig training, long steps, int normalizerSamples, double falseAlarmRate,
                        String build) {
            this(training, steps, normalizerSamples, falseAlarmRate, build, Standardizer.Method.MOMENTS);
        }

        public Settings {
            java.util.Objects.requireNonNull(scaling, "scaling");
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (normalizerSamples < 100) {
                throw new IllegalArgumentException("normalizer samples must be >= 100, got " + normalizerSamples);
            }
        }

        public Settings withTraining(TrainingConfig t) {
            return new Settings(t, steps, normalizerSamples, falseAlarmRate, build, scaling);
        }
    }

    /** Receives a fit's progress every 50 accepted steps and at the last; called from the fitting thread. */
    public interface Progress {
        Progress NONE = (step, total, loss, pointsPerSecond) -> { };

        void update(long step, long totalSteps, double loss, double pointsPerSecond);
    }

    private DensityFitter() {
    }

    public static DensityModel fit(List<String> features, double[][] rows, Settings settings,
                                   Progress progress) {
        DensityLearner learner = DensityLearner.onTable(features, rows, settings);
        learner.fit(progress);
        return learner.freeze(Instant.now());
    }
}
