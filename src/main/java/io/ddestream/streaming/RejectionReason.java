package io.ddestream.streaming;

import java.util.Locale;

/**
 * Why a record on the points topic was rejected: a bounded set, used as the dead-letter header
 * {@value PointValidator#REASON_HEADER} and as the {@code reason} tag of {@code dde.points.received}.
 */
public enum RejectionReason {
    /** Empty, not JSON, not a JSON object, duplicate keys or trailing content. */
    MALFORMED_JSON,
    /** Larger than the configured record limit. */
    TOO_LARGE,
    /** No {@code features}, or an object lacking some configured feature. */
    MISSING_FEATURES,
    /** A {@code features} array with more or fewer values than there are configured features. */
    WRONG_DIMENSION,
    /** A {@code features} object naming a feature that is not configured. */
    UNKNOWN_FEATURE,
    /** A feature value that is not a JSON number (a string, null, an array, ...). */
    NON_NUMERIC,
    /** A feature value that is NaN or infinite (including numbers too large for a double). */
    NON_FINITE,
    /**
     * A finite feature value beyond {@link PointParser#MAX_MAGNITUDE} in magnitude: no measurement is that large,
     * and such values overflow the standardizer's moments and the model's arithmetic.
     */
    HUGE_VALUE,
    /**
     * An {@code id} that is not a non-empty string or integer of at most 256 characters, or not well-formed
     * Unicode (a lone surrogate has no UTF-8 encoding, so it cannot be the score's key).
     */
    BAD_ID,
    /** A {@code ts} that is not a non-negative integer (epoch milliseconds). */
    BAD_TIMESTAMP;

    /** The lowercase name used in headers and metric tags, e.g. {@code malformed_json}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
