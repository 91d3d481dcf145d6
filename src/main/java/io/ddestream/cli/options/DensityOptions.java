package io.ddestream.cli.options;

import io.ddestream.cli.BuildInfo;
import io.ddestream.engine.density.CalibrationSettings;
import io.ddestream.engine.density.DensitySettings;
import io.ddestream.engine.density.Standardizer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** All of a density learner's options ({@link DensitySettings}): training, sigma, scaling, calibration. */
public final class DensityOptions {

    /** What differs between learning from a file and from a stream when an option is not given. */
    public record Defaults(int batch, int normalizerSamples) {
        /** {@code dde fit}: batch 512, log Z from 20,000 samples. */
        public static final Defaults FIT = new Defaults(512, 20_000);
        /** A stream's trainer and its replay: batch 256, log Z from 5,000 samples for each published model. */
        public static final Defaults STREAM = new Defaults(256, 5000);
    }

    @Mixin
    TrainingOptions training;

    @Mixin
    SigmaOptions sigma;

    @Mixin
    CalibrationOptions calibration;

    @Option(names = "--scaling", paramLabel = "METHOD", defaultValue = "quantiles", converter = ScalingConverter.class,
            description = ScalingConverter.DESCRIPTION)
    Standardizer.Method scaling;

    /** The settings; a selection's short fits run at most {@code maxSelectSteps} steps. */
    public DensitySettings settings(Defaults defaults, long maxSelectSteps) {
        CalibrationSettings calibrated = calibration.settings(defaults.normalizerSamples());
        return new DensitySettings(training.settings(defaults.batch()),
                sigma.choice(maxSelectSteps, calibrated.normalizerSamples()), scaling, calibrated, BuildInfo.version());
    }
}
