package io.ddestream.streaming;

import io.ddestream.engine.density.Score;

import java.util.Locale;

/**
 * What the scorer says about one point (README, "Streaming": {@code dde.scores}).
 *
 * @param id           the point's id
 * @param status       whether there is a score, and if not why
 * @param modelVersion the version of the model that scored the point; 0 while warming up
 * @param score        the score when {@code status} is {@link Status#SCORED}, else null
 * @param timestamp    the point's event time (epoch milliseconds)
 */
public record ScoreRecord(String id, Status status, long modelVersion, Score score, long timestamp) {

    public ScoreRecord {
        if ((status == Status.SCORED) != (score != null)) {
            throw new IllegalArgumentException("a score is present exactly when the status is scored");
        }
    }

    public static ScoreRecord scored(Point point, long modelVersion, Score score) {
        return new ScoreRecord(point.id(), Status.SCORED, modelVersion, score, point.timestamp());
    }

    public static ScoreRecord warmingUp(Point point) {
        return new ScoreRecord(point.id(), Status.WARMING_UP, 0, null, point.timestamp());
    }

    public static ScoreRecord outOfRange(Point point, long modelVersion) {
        return new ScoreRecord(point.id(), Status.OUT_OF_RANGE, modelVersion, null, point.timestamp());
    }

    /** Whether the point is flagged: scored and anomalous, or out of the model's numeric range. */
    public boolean anomaly() {
        return status == Status.OUT_OF_RANGE || status == Status.SCORED && score.anomaly();
    }

    public enum Status {
        /** Scored by a model: every score field is present. */
        SCORED,
        /** No model has been published yet: the point is passed on unscored, never flagged. */
        WARMING_UP,
        /**
         * The point lies so far from the data that the model's arithmetic overflows (its log-density is not a
         * finite number): flagged as an anomaly, without a log-density or p-value.
         */
        OUT_OF_RANGE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromLabel(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }
}
