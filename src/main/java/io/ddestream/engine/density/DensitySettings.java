package io.ddestream.engine.density;

import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.dde.TrainingSettings;

import java.util.Objects;

/**
 * What every {@link DensityLearner} is told, whether it fits a table or follows a stream: how to train, where sigma
 * comes from, how to standardize its first points, how to calibrate the models it freezes, and the build recorded in
 * their provenance. Composed of one record per concern; immutable.
 */
public record DensitySettings(TrainingSettings training, SigmaChoice sigma, Standardizer.Method scaling,
                              CalibrationSettings calibration, String build) {

    public DensitySettings {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(sigma, "sigma");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(build, "build");
    }

    /** Settings that learn with exactly {@code config}: its network, optimizer, seed and sigma schedule. */
    public static DensitySettings given(TrainingConfig config, Standardizer.Method scaling,
                                        CalibrationSettings calibration, String build) {
        TrainingSettings training = new TrainingSettings(config.width(), config.depth(), config.batchSize(),
                config.learningRate(), config.seed(), config.maxGradientNorm());
        return new DensitySettings(training, new SigmaChoice.Given(config.sigma()), scaling, calibration, build);
    }

    /** The same settings with another sigma choice. */
    public DensitySettings withSigma(SigmaChoice choice) {
        return new DensitySettings(training, choice, scaling, calibration, build);
    }

    /** The same settings with other training settings. */
    public DensitySettings withTraining(TrainingSettings t) {
        return new DensitySettings(t, sigma, scaling, calibration, build);
    }

    /** The same settings with another calibration. */
    public DensitySettings withCalibration(CalibrationSettings c) {
        return new DensitySettings(training, sigma, scaling, c, build);
    }

    /** Whether sigma is selected on the learner's first points rather than given. */
    public boolean selectsSigma() {
        return sigma instanceof SigmaChoice.Selected;
    }
}
