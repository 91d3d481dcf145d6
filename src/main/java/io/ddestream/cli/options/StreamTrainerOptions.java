package io.ddestream.cli.options;

import io.ddestream.cli.BuildInfo;
import io.ddestream.engine.density.TrainerSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The options of a stream's trainer, {@link TrainerSettings} (defaults: {@link TrainerSettings#defaults}). */
public final class StreamTrainerOptions {

    @Mixin
    DensityOptions density;

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

    @Option(names = "--gate-p-value", paramLabel = "P",
            description = "Do not learn from points whose p-value is below this (default: the false-alarm rate, "
                    + "i.e. not from flagged points).")
    Double gatePValue;

    @Option(names = "--train-on-anomalies", description = "Learn from every valid point, anomalies included.")
    boolean trainOnAnomalies;

    /** The settings these options give. */
    public TrainerSettings settings() {
        TrainerSettings defaults = TrainerSettings.defaults(BuildInfo.version());
        TrainerSettings settings = defaults.withDensity(density.settings(DensityOptions.Defaults.STREAM, Long.MAX_VALUE))
                .withWarmup(warmup, reservoir).withReservoirHorizon(reservoirHorizon)
                .withPublishing(publishEverySteps, Duration.ofSeconds(publishEverySeconds));
        double falseAlarmRate = settings.density().calibration().falseAlarmRate();
        return settings.withGate(gatePValue != null ? gatePValue : falseAlarmRate, trainOnAnomalies);
    }
}
