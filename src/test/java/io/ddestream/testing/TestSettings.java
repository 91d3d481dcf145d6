package io.ddestream.testing;

import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.CalibrationSettings;
import io.ddestream.engine.density.DensitySettings;
import io.ddestream.engine.density.SigmaChoice;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.density.TrainerSettings;

/** Settings that tests build often: a learner at exactly a config's sigma, standardized by moments, flagging 1%. */
public final class TestSettings {

    private TestSettings() {
    }

    /** Learns with exactly {@code config}, log Z from {@code normalizerSamples} samples. */
    public static DensitySettings density(TrainingConfig config, int normalizerSamples) {
        return DensitySettings.given(config, Standardizer.Method.MOMENTS,
                new CalibrationSettings(normalizerSamples, 0.01), "test");
    }

    /** The stream trainer's defaults, learning with exactly {@code config}. */
    public static TrainerSettings trainer(TrainingConfig config, int normalizerSamples) {
        return TrainerSettings.defaults("test").withDensity(density(config, normalizerSamples));
    }

    /** {@code settings} selecting sigma by {@code selecting} instead (fallback: the given sigma's start). */
    public static TrainerSettings selecting(TrainerSettings settings, SigmaSelector.Settings selecting) {
        double fallback = ((SigmaChoice.Given) settings.density().sigma()).schedule().initial();
        return settings.withDensity(settings.density().withSigma(SigmaChoice.selected(selecting, fallback)));
    }
}
