package io.ddestream.cli;

import io.ddestream.engine.generator.GeneratorServiceSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The generator service's settings (defaults: {@link GeneratorServiceSettings#defaults}). */
final class GeneratorServiceOptions {

    @Mixin
    GeneratorTrainingOptions training;

    @Option(names = "--generator-batch", paramLabel = "B", defaultValue = "256",
            description = "Generator samples per step, for the generator and s_q (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--generator-seed", paramLabel = "K", defaultValue = "1",
            description = "The generator's random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--samples-per-second", paramLabel = "R", defaultValue = "100",
            description = "Generated samples published per second to the samples topic; 0: none "
                    + "(default ${DEFAULT-VALUE}).")
    double samplesPerSecond;

    @Option(names = "--generator-round-ms", paramLabel = "MS", defaultValue = "200",
            description = "Milliseconds between the generator's rounds: follow the newest model, train, publish "
                    + "(default ${DEFAULT-VALUE}).")
    long roundMillis;

    @Option(names = "--generator-step-budget-ms", paramLabel = "MS", defaultValue = "100",
            description = "Milliseconds of generator steps per round (default ${DEFAULT-VALUE}).")
    long stepBudgetMillis;

    @Option(names = "--generator-max-steps-per-second", paramLabel = "N", defaultValue = "0",
            description = "Cap on generator steps per second; 0: only the step budget limits them "
                    + "(default ${DEFAULT-VALUE}).")
    double maxStepsPerSecond;

    @Option(names = "--generator-snapshot-every-steps", paramLabel = "N", defaultValue = "500",
            description = "Publish the generator's checkpoint after this many steps (default ${DEFAULT-VALUE})...")
    long snapshotEverySteps;

    @Option(names = "--generator-snapshot-every-seconds", paramLabel = "S", defaultValue = "30",
            description = "...or after this many seconds, whichever is first (default ${DEFAULT-VALUE}).")
    long snapshotEverySeconds;

    @Option(names = "--generator-kl-every-steps", paramLabel = "N", defaultValue = "500",
            description = "Generator steps between KL estimates (the dde.generator.kl gauge); 0: never "
                    + "(default ${DEFAULT-VALUE}).")
    long klEverySteps;

    @Option(names = "--generator-kl-samples", paramLabel = "N", defaultValue = "5000",
            description = "Generator samples per KL estimate (default ${DEFAULT-VALUE}).")
    int klSamples;

    GeneratorServiceSettings settings() {
        return new GeneratorServiceSettings(training.config(batch, seed), Duration.ofMillis(roundMillis),
                Duration.ofMillis(stepBudgetMillis), maxStepsPerSecond, samplesPerSecond, snapshotEverySteps,
                Duration.ofSeconds(snapshotEverySeconds), klEverySteps, klSamples, BuildInfo.version());
    }
}
