package io.ddestream.cli;

import io.ddestream.engine.generator.GeneratorFitter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The generator's training options, shared by {@code fit --generator} and {@code bench generator-quality}. */
public final class GeneratorOptions {

    @Option(names = "--generator-steps", paramLabel = "N", defaultValue = "6000",
            description = "Generator steps (default ${DEFAULT-VALUE}).")
    long steps;

    @Mixin
    GeneratorTrainingOptions training;

    @Option(names = "--kl-every", paramLabel = "N", defaultValue = "500",
            description = "Generator steps between KL estimates shown as progress; 0: only at the end "
                    + "(default ${DEFAULT-VALUE}).")
    long klEvery;

    /** The fitter's settings, with the data model's batch size and seed and {@code klSamples} per KL estimate. */
    public GeneratorFitter.Settings settings(int batch, long seed, int klSamples) {
        return new GeneratorFitter.Settings(training.config(batch, seed), steps, klSamples, klEvery,
                BuildInfo.version());
    }
}
