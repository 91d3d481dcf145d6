package io.ddestream.engine.density;

import io.ddestream.engine.dde.TrainingConfig;

/**
 * What every {@link DensityLearner} is told, whether it fits a table ({@link DensityFitter.Settings}) or follows a
 * stream ({@link TrainerSettings}): how to train, how to standardize, and how to freeze its models.
 */
public interface DensityLearning {

    /** The network, batch, learning rate, sigma and seed. */
    TrainingConfig training();

    /** How the standardizer is measured on the learner's first points. */
    Standardizer.Method scaling();

    /** Importance samples for each frozen model's log Z. */
    int normalizerSamples();

    /** The frozen models' false-alarm rate. */
    double falseAlarmRate();

    /** The build that trains, recorded in every model's provenance. */
    String build();
}
