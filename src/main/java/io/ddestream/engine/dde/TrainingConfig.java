package io.ddestream.engine.dde;

/**
 * How one {@link DenoisingLearner} trains: network width and depth, batch size, Adam's learning rate, the
 * sigma schedule and the seed. Immutable and validated once; user-facing settings are {@link TrainingSettings}
 * (everything but sigma) and a {@code SigmaChoice}, which a learner resolves into one of these.
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
}
