package io.ddestream.engine.density;

import io.ddestream.engine.dde.LearningRateDecay;

import java.time.Instant;
import java.util.List;

/**
 * Fits a {@link DensityModel} to a table of points offline: a thin driver over the one learning core,
 * {@link DensityLearner#onTable}: standardize, train by denoising steps on random minibatches with a decaying
 * learning rate ({@link LearningRateDecay}), then freeze (log Z, calibration on the training points).
 */
public final class DensityFitter {

    /** Receives a fit's progress every 50 accepted steps and at the last; called from the fitting thread. */
    public interface Progress {
        Progress NONE = (step, total, loss, pointsPerSecond) -> { };

        void update(long step, long totalSteps, double loss, double pointsPerSecond);
    }

    private DensityFitter() {
    }

    /** Fits {@code steps} steps to {@code rows}, selecting sigma on them first if the settings say so. */
    public static DensityModel fit(List<String> features, double[][] rows, DensitySettings settings, long steps,
                                   Progress progress) {
        DensityLearner learner = DensityLearner.onTable(features, rows, settings, steps);
        if (learner.awaitingSigma()) {
            learner.startLearning(learner.sigmaSelectionTask(SigmaSelector.Progress.NONE).get());
        }
        learner.fit(progress);
        return learner.freeze(Instant.now());
    }
}
