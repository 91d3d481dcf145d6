package io.ddestream.eval;

import java.util.Arrays;

/**
 * Area under the ROC curve of anomaly scores against 0/1 labels (1 = anomaly, higher score = more anomalous),
 * by the Mann-Whitney statistic with ties counted as half: the probability that a random anomaly scores above a
 * random normal point.
 */
public final class RocAuc {

    private RocAuc() {
    }

    public static double of(double[] scores, boolean[] isAnomaly) {
        if (scores.length != isAnomaly.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + isAnomaly.length + " labels");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        long positives = 0;
        double rankSum = 0;
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end < order.length && scores[order[end]] == scores[order[start]]) {
                end++;
            }
            double midRank = (start + 1 + end) / 2.0; // ranks are 1-based; ties share their mean rank
            for (int k = start; k < end; k++) {
                if (isAnomaly[order[k]]) {
                    positives++;
                    rankSum += midRank;
                }
            }
            start = end;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("ROC-AUC needs both anomalies and normal points");
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
