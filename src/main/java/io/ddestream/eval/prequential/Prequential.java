package io.ddestream.eval.prequential;

import io.ddestream.eval.RocAuc;

/**
 * The prequential protocol: the points in file order, each scored by the detector and only then learned by it,
 * so that every score comes from a model trained on earlier points only. The ROC-AUC is taken over the points
 * from {@code firstEvaluated} on that the detector scored (it returns NaN while warming up); comparing two
 * detectors on the same {@code firstEvaluated} compares them on the same points.
 */
public final class Prequential {

    private Prequential() {
    }

    /**
     * The outcome of one replay.
     *
     * @param scores   every point's anomaly score, NaN where the detector did not score
     * @param rocAuc   over the scored points from {@code firstEvaluated} on; NaN if they hold no anomaly or no normal
     * @param scored   how many points that AUC is over
     * @param anomalies how many of them are anomalies
     * @param seconds  wall time of the replay (scoring and learning)
     * @param scoringSeconds the part of it spent scoring
     */
    public record Result(double[] scores, double rocAuc, int scored, int anomalies, double seconds,
                         double scoringSeconds) {

        /** Points (scored and learned) per second of the replay. */
        public double pointsPerSecond() {
            return scores.length / seconds;
        }

        /** Points scored per second of scoring alone (learning excluded). */
        public double scoresPerSecond() {
            return scores.length / scoringSeconds;
        }
    }

    /**
     * Replays {@code rows} through {@code detector}: score, then learn, point by point.
     *
     * @param labels          true = anomaly, for the evaluation only (the detector never sees them)
     * @param firstEvaluated  the index of the first point the AUC counts
     * @throws IllegalStateException if the detector scores a point with a model that has seen it
     */
    public static Result run(double[][] rows, boolean[] labels, StreamingDetector detector, int firstEvaluated) {
        if (rows.length != labels.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + labels.length + " labels");
        }
        double[] scores = new double[rows.length];
        long start = System.nanoTime();
        long scoringNanos = 0;
        for (int i = 0; i < rows.length; i++) {
            long scoreStart = System.nanoTime();
            scores[i] = detector.score(rows[i]);
            scoringNanos += System.nanoTime() - scoreStart;
            if (!Double.isNaN(scores[i]) && detector.pointsSeenByScoringModel() > i) {
                throw new IllegalStateException("point " + i + " was scored by a model that had seen "
                        + detector.pointsSeenByScoringModel() + " points");
            }
            detector.learn(rows[i]);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return evaluate(scores, labels, firstEvaluated, seconds, scoringNanos / 1e9);
    }

    /** The AUC of already computed scores over the scored points from {@code firstEvaluated} on. */
    public static Result evaluate(double[] scores, boolean[] labels, int firstEvaluated, double seconds,
                                  double scoringSeconds) {
        int n = 0;
        for (int i = firstEvaluated; i < scores.length; i++) {
            n += Double.isNaN(scores[i]) ? 0 : 1;
        }
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        int anomalies = 0;
        for (int i = firstEvaluated, k = 0; i < scores.length; i++) {
            if (!Double.isNaN(scores[i])) {
                s[k] = scores[i];
                y[k] = labels[i];
                anomalies += labels[i] ? 1 : 0;
                k++;
            }
        }
        double auc = anomalies == 0 || anomalies == n ? Double.NaN : RocAuc.of(s, y);
        return new Result(scores, auc, n, anomalies, seconds, scoringSeconds);
    }
}
