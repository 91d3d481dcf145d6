package io.ddestream.engine.density;

import java.util.Arrays;

/**
 * The distribution of the training data's anomaly scores (higher = more anomalous, see the package docs), frozen
 * from a t-digest sketch: it turns a new score into a p-value, and a false-alarm rate into a threshold, without
 * labels.
 *
 * <p>The sketch is a sorted list of centroids (mean, count). As in t-digest, the rank of a score (how many
 * training scores lie at or below it) is interpolated linearly between centroid means, a centroid's mean ranking
 * at the counts of the centroids below it plus half its own; below the lowest mean the rank is 0, above the
 * highest it is n. t-digest keeps centroids small in the tails, down to single scores at the extremes, so the
 * ranks are most accurate where anomalies are decided.
 *
 * <p>The p-value is conformal: a new score ranks among the n training scores plus itself, so
 * {@code p = (1 + n - rank) / (n + 1)}: in (0, 1], {@code 1 / (n + 1)} above every training score, never 0. For a
 * new score from the training distribution it is uniform, so flagging {@code p < rate} raises false alarms at
 * that rate.
 *
 * <p>Immutable and thread-safe. All scores must be finite: NaN or infinity is rejected, never ranked.
 */
public final class ScoreCalibration {

    private final double[] means;
    private final long[] counts;
    private final double[] midpointRanks;
    private final long count;

    private ScoreCalibration(double[] means, long[] counts) {
        this.means = means;
        this.counts = counts;
        this.midpointRanks = new double[means.length];
        long below = 0;
        for (int i = 0; i < means.length; i++) {
            midpointRanks[i] = below + counts[i] / 2.0;
            below += counts[i];
        }
        this.count = below;
    }

    /** The calibration of the given training scores (at least one), sketched with a t-digest. */
    public static ScoreCalibration fromScores(double[] scores) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no scores to calibrate on");
        }
        ScoreCalibrator calibrator = new ScoreCalibrator();
        for (double score : scores) {
            calibrator.add(score);
        }
        return calibrator.freeze();
    }

    /**
     * A calibration from centroids as {@link #centroidMeans()} and {@link #centroidCounts()} give them: means
     * finite and non-decreasing, counts positive. Centroids with equal means (t-digest makes several for tied
     * scores) are merged.
     */
    public static ScoreCalibration fromCentroids(double[] means, long[] counts) {
        if (means.length == 0 || means.length != counts.length) {
            throw new IllegalArgumentException("need at least one centroid and one count per mean, got "
                    + means.length + " means and " + counts.length + " counts");
        }
        double[] mergedMeans = new double[means.length];
        long[] mergedCounts = new long[means.length];
        int merged = 0;
        for (int i = 0; i < means.length; i++) {
            requireFinite(means[i]);
            if (counts[i] < 1) {
                throw new IllegalArgumentException("centroid " + i + " has count " + counts[i] + ", must be >= 1");
            }
            if (merged > 0 && means[i] < mergedMeans[merged - 1]) {
                throw new IllegalArgumentException("centroid means must be sorted, but mean " + i + " (" + means[i]
                        + ") is below the previous one (" + mergedMeans[merged - 1] + ")");
            }
            if (merged > 0 && means[i] == mergedMeans[merged - 1]) {
                mergedCounts[merged - 1] += counts[i];
            } else {
                mergedMeans[merged] = means[i];
                mergedCounts[merged] = counts[i];
                merged++;
            }
        }
        return new ScoreCalibration(Arrays.copyOf(mergedMeans, merged), Arrays.copyOf(mergedCounts, merged));
    }

    /** The calibrated tail probability {@code P(S >= score)} under the training scores, in (0, 1]. */
    public double pValue(double score) {
        requireFinite(score);
        return (1 + count - rankOf(score)) / (count + 1.0);
    }

    /**
     * The score above which {@link #isAnomaly} holds at this false-alarm rate in (0, 1): the conformal
     * {@code 1 - rate} quantile of the training scores. Positive infinity when {@code rate <= 1 / (n + 1)}, since
     * no p-value is that small.
     */
    public double threshold(double falseAlarmRate) {
        requireRate(falseAlarmRate);
        // pValue(s) < rate exactly when rankOf(s) > (n + 1) (1 - rate): invert the rank there.
        double rank = (count + 1) * (1 - falseAlarmRate);
        if (rank >= count) {
            return Double.POSITIVE_INFINITY;
        }
        if (rank < midpointRanks[0]) {
            // Below the lowest centroid the rank jumps from 0: every score from that centroid up is anomalous.
            return Math.nextDown(means[0]);
        }
        return scoreAtRank(rank);
    }

    /**
     * The fewest training scores with which a calibration can flag anything at this false-alarm rate in (0, 1):
     * with fewer, no p-value is below the rate and {@link #threshold} is infinite.
     */
    public static int minimumPointsToFlag(double falseAlarmRate) {
        requireRate(falseAlarmRate);
        // The threshold's own test, (n + 1)(1 - rate) >= n, from just below its real solution (1 - rate) / rate.
        long n = Math.max(1, (long) Math.floor((1 - falseAlarmRate) / falseAlarmRate));
        while (n < Integer.MAX_VALUE && (n + 1) * (1 - falseAlarmRate) >= n) {
            n++;
        }
        return (int) n;
    }

    /** Whether the score's p-value is below the false-alarm rate in (0, 1); the same as {@code score > threshold}. */
    public boolean isAnomaly(double score, double falseAlarmRate) {
        requireRate(falseAlarmRate);
        return pValue(score) < falseAlarmRate;
    }

    /** The number of training scores. */
    public long count() {
        return count;
    }

    /** The centroid means, strictly increasing (a copy, for the model file). */
    public double[] centroidMeans() {
        return means.clone();
    }

    /** The centroid counts, aligned with {@link #centroidMeans()} (a copy, for the model file). */
    public long[] centroidCounts() {
        return counts.clone();
    }

    static double requireFinite(double score) {
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("an anomaly score must be finite, got " + score);
        }
        return score;
    }

    private static void requireRate(double falseAlarmRate) {
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
            throw new IllegalArgumentException("a false-alarm rate must be in (0, 1), got " + falseAlarmRate);
        }
    }

    /** The interpolated number of training scores at or below {@code score}, in [0, n]. */
    private double rankOf(double score) {
        int last = means.length - 1;
        if (score < means[0]) {
            return 0;
        }
        if (score > means[last]) {
            return count;
        }
        int i = floorIndex(means, score);
        if (i == last) {
            return midpointRanks[last];
        }
        double fraction = (score - means[i]) / (means[i + 1] - means[i]);
        return midpointRanks[i] + fraction * (midpointRanks[i + 1] - midpointRanks[i]);
    }

    /** The inverse of {@link #rankOf} on the centroid range. */
    private double scoreAtRank(double rank) {
        int last = means.length - 1;
        if (rank >= midpointRanks[last]) {
            return means[last];
        }
        int i = floorIndex(midpointRanks, rank);
        double fraction = (rank - midpointRanks[i]) / (midpointRanks[i + 1] - midpointRanks[i]);
        return means[i] + fraction * (means[i + 1] - means[i]);
    }

    /** The largest index whose value is at or below {@code key}, for {@code key >= sorted[0]}. */
    private static int floorIndex(double[] sorted, double key) {
        int found = Arrays.binarySearch(sorted, key);
        return found >= 0 ? found : -found - 2;
    }
}
