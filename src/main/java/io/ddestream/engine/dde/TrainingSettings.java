package io.ddestream.engine.dde;

/**
 * How a density learner trains, apart from sigma (which {@code SigmaChoice} gives or selects): the network's
 * hidden width and depth, the minibatch size, Adam's learning rate, the seed, and the gradient norm beyond which a
 * step is refused as exploding. Immutable and validated once; {@link #at} resolves it into one learner's
 * {@link TrainingConfig}.
 *
 * @param maxGradientNorm a step whose gradient norm exceeds this is refused as exploding (infinite disables)
 */
public record TrainingSettings(int width, int depth, int batchSize, double learningRate, long seed,
                               double maxGradientNorm) {

    /** The gradient norm bound of every command: far above a healthy step's, far below an exploding one's. */
    public static final double DEFAULT_MAX_GRADIENT_NORM = 1e4;

    public TrainingSettings {
        if (width < 1 || depth < 1 || batchSize < 1) {
            throw new IllegalArgumentException("width, depth and batch size must be >= 1, got " + width + ", "
                    + depth + ", " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(maxGradientNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be positive, got " + maxGradientNorm);
        }
    }

    /** Width 64, depth 4, the given batch, learning rate 1e-3, seed 1: the reference work's for small data. */
    public static TrainingSettings defaults(int batchSize) {
        return new TrainingSettings(64, 4, batchSize, 1e-3, 1, DEFAULT_MAX_GRADIENT_NORM);
    }

    /** One learner's config: these settings at {@code sigma}. */
    public TrainingConfig at(SigmaSchedule sigma) {
        return new TrainingConfig(width, depth, batchSize, learningRate, sigma, seed, maxGradientNorm);
    }

    /** The same settings from another seed (the selection's short fits, one per half). */
    public TrainingSettings withSeed(long k) {
        return new TrainingSettings(width, depth, batchSize, learningRate, k, maxGradientNorm);
    }
}
