package io.ddestream.observability.live;

import io.ddestream.engine.density.Score;

import java.util.List;

/**
 * What the live page shows at one moment, projected on the two features it plots ({@link LiveView#snapshot}).
 *
 * @param features   every feature's name, in the models' order
 * @param x          index of the horizontal feature
 * @param y          index of the vertical feature
 * @param nowMillis  when the snapshot was taken
 * @param model      the newest model, or null before the first
 * @param rates      events per second over the last few seconds
 * @param totals     events seen since the page's feed started (the preloaded recent history included)
 * @param points     recent data points, oldest first
 * @param samples    recent generated samples {@code [x, y]}, oldest first (empty: no generator running)
 * @param histogram  anomaly scores of recent scored points
 * @param anomalies  recent flagged points, newest first
 */
public record LiveSnapshot(List<String> features, int x, int y, long nowMillis, ModelSummary model, Rates rates,
                           Totals totals, List<PlotPoint> points, List<double[]> samples, Histogram histogram,
                           List<Anomaly> anomalies) {

    /** The newest model, in a few numbers. */
    public record ModelSummary(long version, long steps, long trainingPoints, double logZ, double logZStandardError,
                               double effectiveSampleSize, double sigma, double threshold, double falseAlarmRate,
                               long createdAtMillis, boolean provisional) {
    }

    /** Events per second. */
    public record Rates(double points, double scores, double anomalies, double samples) {
    }

    /** Events counted since the feed started; {@code rejected}: points records that are not valid points. */
    public record Totals(long points, long scores, long anomalies, long samples, long rejected) {
    }

    /** How a plotted point was scored. */
    public enum PointStatus {
        NORMAL, ANOMALY, UNSCORED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A data point on the plotted features. */
    public record PlotPoint(double x, double y, PointStatus status) {
    }

    /**
     * Counts of recent anomaly scores in {@code counts.length} equal bins over {@code [lo, hi]} (scores outside fall
     * in the edge bins), with the flagged ones per bin in {@code anomalies}.
     *
     * @param threshold  the newest score's threshold (NaN: nothing scored yet)
     * @param scored     how many scores the bins hold
     * @param outOfRange recent points too far out for the model's arithmetic (flagged, without a score)
     */
    public record Histogram(double lo, double hi, long[] counts, long[] anomalies, double threshold, long scored,
                            long outOfRange) {
    }

    /**
     * A flagged point, with why.
     *
     * @param anomalyScore null when the point was out of the model's range
     * @param pValue       null when the point was out of the model's range
     * @param features     the point's values (every feature), or null if the point is no longer remembered
     */
    public record Anomaly(String id, long timestamp, String status, Double anomalyScore, Double pValue,
                          long modelVersion, double[] features, List<Score.FeatureContribution> explanation) {
    }
}
