package io.ddestream.cli.options;

import io.ddestream.engine.dde.TrainingSettings;
import picocli.CommandLine.Option;

/** The options of {@link TrainingSettings}: the network's shape, the minibatch, Adam's learning rate, the seed. */
public final class TrainingOptions {

    @Option(names = "--width", paramLabel = "W", defaultValue = "64", description = "Hidden width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", paramLabel = "L", defaultValue = "4", description = "Hidden layers (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--batch", paramLabel = "B",
            description = "Minibatch size (default 512 for 'dde fit', 256 for a stream's trainer).")
    Integer batch;

    @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "1e-3",
            description = "Adam's learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** The settings, with {@code defaultBatch} unless {@code --batch} was given. */
    public TrainingSettings settings(int defaultBatch) {
        return new TrainingSettings(width, depth, batch != null ? batch : defaultBatch, learningRate, seed,
                TrainingSettings.DEFAULT_MAX_GRADIENT_NORM);
    }
}
