package io.ddestream.engine.generator;

import io.ddestream.engine.generator.GeneratorConfig;

import java.time.Duration;

/**
 * How the generator service trains and publishes. Immutable and validated once.
 *
 * @param generator          the generator's network, batch, learning rate, k (s_q steps per generator step), seed
 * @param roundEvery         how often a round runs: follow the newest data model, train, publish
 * @param stepBudget         how long one round may run generator steps (at least one step runs)
 * @param maxStepsPerSecond  a cap on generator steps per second on average; 0: only the budget limits them
 * @param samplesPerSecond   samples published per second; 0 publishes none
 * @param snapshotEverySteps a checkpoint is published after this many steps...
 * @param snapshotEvery      ...or after this long since the last, whichever comes first (if a step was taken)
 * @param klEverySteps       generator steps between KL estimates; 0: never
 * @param klSamples          generator samples per KL estimate (and importance samples for its log Z_q)
 * @param build              the build that trains, recorded in every checkpoint
 */
public record GeneratorServiceSettings(GeneratorConfig generator, Duration roundEvery, Duration stepBudget,
                                       double maxStepsPerSecond, double samplesPerSecond, long snapshotEverySteps,
                                       Duration snapshotEvery, long klEverySteps, int klSamples, String build) {

    public GeneratorServiceSettings {
        if (roundEvery.isNegative() || roundEvery.isZero() || stepBudget.isNegative() || stepBudget.isZero()
                || snapshotEvery.isNegative() || snapshotEvery.isZero()) {
            throw new IllegalArgumentException("the generator's round, step budget and snapshot intervals must be "
                    + "positive");
        }
        if (!(maxStepsPerSecond >= 0) || !Double.isFinite(maxStepsPerSecond)) {
            throw new IllegalArgumentException("max generator steps per second must be >= 0, got "
                    + maxStepsPerSecond);
        }
        if (!(samplesPerSecond >= 0) || !Double.isFinite(samplesPerSecond)) {
            throw new IllegalArgumentException("samples per second must be >= 0, got " + samplesPerSecond);
        }
        if (snapshotEverySteps < 1 || klEverySteps < 0) {
            throw new IllegalArgumentException("snapshot-every-steps must be >= 1 and kl-every-steps >= 0, got "
                    + snapshotEverySteps + " and " + klEverySteps);
        }
        if (klSamples < 100) {
            throw new IllegalArgumentException("KL samples must be >= 100, got " + klSamples);
        }
    }

    /**
     * Defaults for small data (the 2D toys): generator width 64, depth 3, batch 256, learning rate 3e-3, k = 5;
     * 100 ms of steps every 200 ms (half a core at most); 100 samples per second; a checkpoint every 500 steps or
     * 30 s; a KL estimate from 5,000 samples every 500 steps.
     */
    public static GeneratorServiceSettings defaults(String build) {
        return new GeneratorServiceSettings(new GeneratorConfig(64, 3, 256, 3e-3, 5, 1), Duration.ofMillis(200),
                Duration.ofMillis(100), 0, 100, 500, Duration.ofSeconds(30), 500, 5000, build);
    }

    public GeneratorServiceSettings withGenerator(GeneratorConfig g) {
        return new GeneratorServiceSettings(g, roundEvery, stepBudget, maxStepsPerSecond, samplesPerSecond,
                snapshotEverySteps, snapshotEvery, klEverySteps, klSamples, build);
    }

    public GeneratorServiceSettings withRounds(Duration every, Duration budget, double maxSteps) {
        return new GeneratorServiceSettings(generator, every, budget, maxSteps, samplesPerSecond,
                snapshotEverySteps, snapshotEvery, klEverySteps, klSamples, build);
    }

    public GeneratorServiceSettings withSamplesPerSecond(double rate) {
        return new GeneratorServiceSettings(generator, roundEvery, stepBudget, maxStepsPerSecond, rate,
                snapshotEverySteps, snapshotEvery, klEverySteps, klSamples, build);
    }

    public GeneratorServiceSettings withSnapshots(long everySteps, Duration every) {
        return new GeneratorServiceSettings(generator, roundEvery, stepBudget, maxStepsPerSecond, samplesPerSecond,
                everySteps, every, klEverySteps, klSamples, build);
    }

    public GeneratorServiceSettings withKl(long everySteps, int samples) {
        return new GeneratorServiceSettings(generator, roundEvery, stepBudget, maxStepsPerSecond, samplesPerSecond,
                snapshotEverySteps, snapshotEvery, everySteps, samples, build);
    }
}
