package io.ddestream.cli;

import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.density.TrainerSettings;
import picocli.CommandLine.Option;

/**
 * Sigma for a trainer that learns from a stream (the {@code stream} and {@code demo} trainer, the prequential
 * replay): given, or selected on its warm-up points; and how those points are standardized.
 */
public final class WarmupSigmaOptions {

    @Option(names = "--sigma", paramLabel = "S", description = "Noise scale in standardized units. Default: selected on "
            + "the warm-up points by short fits over 0.1,0.2,0.35,0.5,1,2,5 (as 'dde fit' does; the models keep the "
            + "evidence, which 'dde info' shows); training starts when the selection ends.")
    Double sigma;

    @Option(names = "--select-steps", paramLabel = "N", defaultValue = "1000",
            description = "Denoising steps of each short fit of the sigma selection (default ${DEFAULT-VALUE}).")
    long selectSteps;

    @Option(names = "--scaling", paramLabel = "METHOD", defaultValue = "quantiles", converter = ScalingConverter.class,
            description = ScalingConverter.DESCRIPTION)
    Standardizer.Method scaling;

    /**
     * {@code settings} with this scaling, and either this sigma or the selection (whose fallback, should it fail,
     * stays the settings' sigma).
     */
    public TrainerSettings applyTo(TrainerSettings settings) {
        if (selectSteps < 1) {
            throw new UserException("--select-steps must be >= 1, got " + selectSteps);
        }
        TrainerSettings scaled = settings.withScaling(scaling);
        if (sigma != null) {
            return scaled.withTraining(scaled.training().withSigma(SigmaSchedule.constant(sigma)))
                    .withSigmaSelection(null);
        }
        return scaled.withSigmaSelection(SigmaSelector.Settings.defaults().withStepsPerCandidate(selectSteps)
                .withNormalizerSamples(scaled.normalizerSamples()));
    }
}
