package io.ddestream.eval.prequential;

/**
 * An online anomaly detector with two verbs, as streams use them: score a point, then learn it. Scores are
 * anomaly scores (higher = more anomalous); before the detector has learned enough to score, {@link #score}
 * returns NaN, and such points are left out of the evaluation.
 */
public interface StreamingDetector {

    /** The anomaly score of {@code x} under what has been learned so far (NaN while warming up); learns nothing. */
    double score(double[] x);

    /** Learns {@code x} (the detector may decide not to train on it, e.g. because it flagged it). */
    void learn(double[] x);

    /**
     * How many points the model behind the next {@link #score} had been offered when it was built: at most the
     * number of points learned so far. The protocol's guarantee that no point is scored by a model that saw it
     * rests on this; tests check it.
     */
    long pointsSeenByScoringModel();
}
