package io.ddestream.engine.dde;

/**
 * How a {@link DenoisingLearner} trains: network width and depth, batch size, Adam's learning rate, the
 * sigma schedule and the seed. Immutable and validated once.
 *
 * @param maxGradientNorm a step whose gradient norm exceeds this is refused as exploding (infinite disables)
 */
public record TrainingConfig(int width, int depth, int batchSize, double learningRate, SigmaSchedule sigma,
                             long seed, double maxGradientNorm) {

    public TrainingConfig {
        if (width < 1 || depth < 1 || batchSize < 1) {
            throw new IllegalArgumentException("width, depth and batch size must be >= 1");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(maxGradientNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be positive, got " + maxGradientNorm);
        }
    }

    /** Defaults of the reference work for 2D toys and small tabular data. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(64, 4, 512, 1e-3, SigmaSchedule.constant(0.2), 1L, 1e4);
    }

    public TrainingConfig withWidth(int w) {
        return new TrainingConfig(w, depth, batchSize, learningRate, sigma, seed, maxGradientNorm);
    }

    public TrainingConfig withDepth(int l) {
        return new TrainingConfig(width, l, batchSize, learningRate, sigma, seed, maxGradientNorm);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(width, depth, b, learningRate, sigma, seed, maxGradientNorm);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(width, depth, batchSize, lr, sigma, seed, maxGradientNorm);
    }

    public TrainingConfig withSigma(SigmaSchedule s) {
        return new TrainingConfig(width, depth, batchSize, learningRate, s, seed, maxGradientNorm);
    }

    public TrainingConfig withSeed(long k) {
        return new TrainingConfig(width, depth, batchSize, learningRate, sigma, k, maxGradientNorm);
    }

    public TrainingConfig withMaxGradientNorm(double n) {
        return new TrainingConfig(width, depth, batchSize, learningRate, sigma, seed, n);
    }
}
