package io.ddestream.cli;

import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.TrainerSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The streaming trainer's settings (defaults: {@link TrainerSettings#defaults}). */
final class TrainerOptions {

    @Option(names = "--width", defaultValue = "64", description = "Hidden width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "4", description = "Hidden layers (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--batch", defaultValue = "256", description = "Minibatch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "Adam's learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Mixin
    WarmupSigmaOptions sigma;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--warmup", defaultValue = "1000",
            description = "Points that fix the standardizer before training starts (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--reservoir", defaultValue = "10000",
            description = "Points kept for training, a uniform sample of the stream (default ${DEFAULT-VALUE}).")
    int reservoir;

    @Option(names = "--reservoir-horizon", defaultValue = "0", paramLabel = "N",
            description = "Keep a sample of about the latest N points (at least --reservoir), so that models follow "
                    + "a changing stream; 0: a uniform sample of the whole stream (default ${DEFAULT-VALUE}).")
    long reservoirHorizon;

    @Option(names = "--publish-every-steps", defaultValue = "500",
            description = "Publish a model after this many steps (default ${DEFAULT-VALUE})...")
    long publishEverySteps;

    @Option(names = "--publish-every-seconds", defaultValue = "10",
            description = "...or after this many seconds, whichever is first (default ${DEFAULT-VALUE}).")
    long publishEverySeconds;

    @Option(names = "--false-alarm-rate", defaultValue = "0.01",
            description = "Share of normal points the anomaly flag may raise (default ${DEFAULT-VALUE}).")
    double falseAlarmRate;

    @Option(names = "--gate-p-value", paramLabel = "P",
            description = "Do not learn from points whose p-value is below this (default: the false-alarm rate, "
                    + "i.e. not from flagged points).")
    Double gatePValue;

    @Option(names = "--train-on-anomalies", description = "Learn from every valid point, anomalies included.")
    boolean trainOnAnomalies;

    TrainerSettings settings() {
        TrainerSettings defaults = TrainerSettings.defaults(BuildInfo.version());
        // The defaults' sigma is the fallback should the selection fail.
        TrainingConfig training = defaults.training().withWidth(width).withDepth(depth).withBatchSize(batch)
                .withLearningRate(learningRate).withSeed(seed);
        return sigma.applyTo(defaults.withTraining(training).withWarmup(warmup, reservoir)
                .withPublishing(publishEverySteps, Duration.ofSeconds(publishEverySeconds))
                .withFalseAlarmRate(falseAlarmRate)
                .withGate(gatePValue != null ? gatePValue : falseAlarmRate, trainOnAnomalies)
                .withReservoirHorizon(reservoirHorizon));
    }
}
