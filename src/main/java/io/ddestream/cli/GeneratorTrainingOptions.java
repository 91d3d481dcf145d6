package io.ddestream.cli;

import io.ddestream.engine.generator.GeneratorConfig;
import picocli.CommandLine.Option;

/**
 * The generator's network and optimizer options, shared by {@code fit --generator} (through
 * {@link GeneratorOptions}) and the generator service ({@link GeneratorServiceOptions}).
 */
final class GeneratorTrainingOptions {

    @Option(names = "--generator-width", paramLabel = "W", defaultValue = "64",
            description = "Generator hidden width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--generator-depth", paramLabel = "L", defaultValue = "3",
            description = "Generator hidden layers (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--generator-learning-rate", paramLabel = "LR", defaultValue = "3e-3",
            description = "Adam's learning rate for the generator (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--sq-steps-per-generator-step", paramLabel = "K", defaultValue = "5",
            description = "Denoising steps of s_q, the DDE of the generator's samples, per generator step "
                    + "(default ${DEFAULT-VALUE}).")
    int sqStepsPerStep;

    GeneratorConfig config(int batch, long seed) {
        return new GeneratorConfig(width, depth, batch, learningRate, sqStepsPerStep, seed);
    }
}
