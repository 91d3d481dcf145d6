package io.ddestream.streaming;

import java.util.Arrays;

/**
 * A validated data point: an id, finite feature values in the configured feature order, and its event time.
 *
 * @param id        the producer's id, or the record's position ({@link PointIds}) when the producer gave none
 * @param features  finite values, one per configured feature (the array is owned by the point: do not modify)
 * @param timestamp event time in epoch milliseconds: the point's {@code ts}, else the record's timestamp
 */
public record Point(String id, double[] features, long timestamp) {

    @Override
    public boolean equals(Object other) {
        return other instanceof Point that && id.equals(that.id) && timestamp == that.timestamp
                && Arrays.equals(features, that.features);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id.hashCode() + Long.hashCode(timestamp)) + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return "Point[id=" + id + ", features=" + Arrays.toString(features) + ", ts=" + timestamp + "]";
    }
}
