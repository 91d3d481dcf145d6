package io.ddestream.engine.generator;

import io.ddestream.engine.dde.LearningRateDecay;
import io.ddestream.engine.density.DensityModel;

import java.time.Instant;
import java.util.Optional;

/**
 * Trains a generator against a fitted data model offline: a fixed number of {@link GeneratorLearner} steps,
 * with a {@link KlEstimate} every so often for progress (it costs about as much as a few hundred steps) and one
 * at the end, which the returned {@link GeneratorModel} keeps.
 *
 * <p>The data model's energy {@code s_p} is fixed throughout: fit the data model first (see
 * {@link io.ddestream.engine.density.DensityFitter}), then the generator.
 *
 * <p>As the data model's fit does, the generator's learning rate decays over the second half of the steps to a
 * tenth ({@link LearningRateDecay#defaults()}): at a constant rate Adam's iterate keeps wandering around the
 * optimum: on 8 gaussians (sigma 0.2, learning rate 3e-3) the live generator's energy distance to the data swung
 * between 2x and 9x the two-true-samples floor from one 500 steps to the next at a constant rate, and the weight
 * average stood at 3.1x after 4,000 steps; with the decay over 6,000 steps both ended at 1.1x (docs/generator.md).
 */
public final class GeneratorFitter {

    /** Consecutive refused steps after which training is declared diverged. */
    static final int MAX_CONSECUTIVE_REFUSALS = 50;

    /**
     * @param steps     generator steps (each with k steps of {@code s_q} before it)
     * @param klSamples generator samples per KL estimate, and importance samples for its {@code log Z_q}
     * @param klEvery   steps between KL estimates shown as progress; 0 estimates only at the end
     */
    public record Settings(GeneratorConfig generator, long steps, int klSamples, long klEvery, String build) {
        public Settings {
            if (steps < 1) {
                throw new IllegalArgumentException("generator steps must be >= 1, got " + steps);
            }
            if (klSamples < 100) {
                throw new IllegalArgumentException("KL samples must be >= 100, got " + klSamples);
            }
            if (klEvery < 0) {
                throw new IllegalArgumentException("KL interval must be >= 0, got " + klEvery);
            }
        }
    }

    /** Receives training progress; called from the fitting thread. */
    public interface Progress {
        Progress NONE = (step, total, stepsPerSecond, kl) -> { };

        /** @param latestKl the most recent KL estimate, empty before the first */
        void update(long step, long totalSteps, double stepsPerSecond, Optional<KlEstimate> latestKl);
    }

    private GeneratorFitter() {
    }

    /** Trains a generator against {@code data}, kept near the data model's own {@link Support#of(DensityModel)}. */
    public static GeneratorModel fit(DensityModel data, Settings settings, Progress progress) {
        return fit(data, Support.of(data), settings, progress);
    }

    /** Trains a generator against {@code data}, whose training points span {@code support}. */
    public static GeneratorModel fit(DensityModel data, Support support, Settings settings, Progress progress) {
        GeneratorLearner learner = GeneratorLearner.create(data, support, settings.generator());
        LearningRateDecay decay = LearningRateDecay.defaults();
        long seed = settings.generator().seed();
        Optional<KlEstimate> latestKl = Optional.empty();
        long trainingNanos = 0;
        int refusedInARow = 0;
        while (learner.steps() < settings.steps()) {
            long start = System.nanoTime();
            learner.setLearningRate(settings.generator().learningRate()
                    * decay.factorAt(learner.steps(), settings.steps()));
            GeneratorLearner.StepResult step = learner.step();
            trainingNanos += System.nanoTime() - start;
            if (!step.accepted()) {
                if (++refusedInARow >= MAX_CONSECUTIVE_REFUSALS) {
                    throw new IllegalStateException("generator training diverged: " + refusedInARow
                            + " steps in a row had a non-finite gradient; try a smaller generator learning rate");
                }
                continue;
            }
            refusedInARow = 0;
            boolean last = step.step() == settings.steps();
            if (!last && settings.klEvery() > 0 && step.step() % settings.klEvery() == 0) {
                latestKl = Optional.of(learner.estimateKl(settings.klSamples(), seed));
            }
            if (step.step() % 10 == 0 || last) {
                progress.update(step.step(), settings.steps(), step.step() / (trainingNanos / 1e9), latestKl);
            }
        }
        return learner.freeze(learner.estimateKl(settings.klSamples(), seed), Instant.now(), settings.build());
    }
}
