package io.ddestream.eval.prequential;

import com.amazon.randomcutforest.RandomCutForest;

/**
 * Random Cut Forest (Amazon's {@code randomcutforest-core}) as a streaming detector: its anomaly score (higher =
 * more anomalous), then an update with the point. Each tree keeps a time-decayed sample of {@code sampleSize}
 * points; the forest scores from the start (0 until it has some points), so it never returns NaN.
 */
public final class RcfDetector implements StreamingDetector {

    private final RandomCutForest forest;
    private long learned;

    /** A forest of {@code trees} trees of {@code sampleSize} points each, in {@code dimensions} dimensions. */
    public RcfDetector(int dimensions, int trees, int sampleSize, long seed) {
        this.forest = RandomCutForest.builder().dimensions(dimensions).numberOfTrees(trees).sampleSize(sampleSize)
                .randomSeed(seed).build();
    }

    @Override
    public double score(double[] x) {
        return forest.getAnomalyScore(x);
    }

    @Override
    public void learn(double[] x) {
        forest.update(x);
        learned++;
    }

    @Override
    public long pointsSeenByScoringModel() {
        return learned;
    }
}
