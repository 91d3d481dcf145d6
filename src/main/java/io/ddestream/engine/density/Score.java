package io.ddestream.engine.density;

import java.util.List;

/**
 * The score of one point under a {@link DensityModel}.
 *
 * <p>A point so far from the data that the model's arithmetic overflows is <em>out of range</em>
 * ({@link #inRange()} is false): its log-density is not finite, its p-value is 0, it is an anomaly, and it has no
 * explanation. Scoring never fails on finite input.
 *
 * @param logDensity   normalized log-density of the smoothed model {@code log p~(x)}, in the input's units
 * @param anomalyScore {@code -logDensity}: higher is more anomalous
 * @param pValue       probability that a training point scores at least as anomalous, in (0, 1]; 0 out of range
 * @param anomaly      whether {@code pValue} is below the model's false-alarm rate
 * @param threshold    the anomaly score above which points are flagged
 * @param explanation  the features that most lower the density here, strongest first
 */
public record Score(double logDensity, double anomalyScore, double pValue, boolean anomaly, double threshold,
                    List<FeatureContribution> explanation) {

    /** Whether the model could evaluate the point: a finite log-density (and so a calibrated p-value). */
    public boolean inRange() {
        return Double.isFinite(logDensity);
    }

    /**
     * One feature's part in a point's score, from {@code grad_z log p~} in standardized units.
     *
     * @param direction {@code HIGH} when the value is above where the density rises (lowering it would make the
     *                  point more likely), {@code LOW} when below
     * @param weight    the feature's share of the gradient's L1 norm, in [0, 1]
     */
    public record FeatureContribution(String feature, Direction direction, double weight) {
    }

    /** Which way a feature's value departs from where the density is higher. */
    public enum Direction {
        HIGH, LOW;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
