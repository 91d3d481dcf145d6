package io.ddestream.cli;

import io.ddestream.engine.generator.GeneratorConfig;
import io.ddestream.engine.generator.GeneratorFitter;
import picocli.CommandLine.Option;

/** The generator's training options, shared by {@code fit --generator} and {@code bench generator-quality}. */
final class GeneratorOptions {

    @Option(names = "--generator-steps", paramLabel = "N", defaultValue = "3000",
            description = "Generator steps (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--generator-width", paramLabel = "W", defaultValue = "64",
            description = "Generator hidden width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--generator-depth", paramLabel = "L", defaultValue = "3",
            description = "Generator hidden layers (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--generator-learning-rate", paramLabel = "LR", defaultValue = "1e-3",
            description = "Adam's learning rate for the generator (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--sq-steps-per-generator-step", paramLabel = "K", defaultValue = "5",
            description = "Denoising steps of s_q, the DDE of the generator's samples, per generator step "
                    + "(default ${DEFAULT-VALUE}).")
    int sqStepsPerStep;

    @Option(names = "--kl-every", paramLabel = "N", defaultValue = "500",
            description = "Generator steps between KL estimates shown as progress; 0: only at the end "
                    + "(default ${DEFAULT-VALUE}).")
    long klEvery;

    /** The fitter's settings, with the data model's batch size and seed and {@code klSamples} per KL estimate. */
    GeneratorFitter.Settings settings(int batch, long seed, int klSamples) {
        GeneratorConfig config = new GeneratorConfig(width, depth, batch, learningRate, sqStepsPerStep, seed);
        return new GeneratorFitter.Settings(config, steps, klSamples, klEvery, BuildInfo.version());
    }
}
