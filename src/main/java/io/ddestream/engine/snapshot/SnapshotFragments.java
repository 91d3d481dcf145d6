package io.ddestream.engine.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts that every kind of snapshot in docs/model-format.md shares, written and checked in one place: the
 * {@value #FEATURES} metadata list, and tensors whose every value must be finite. Readers of a kind compose these
 * with {@link MetadataFields}, so that a bad feature list or a NaN is rejected the same way, with the same
 * message, whatever the kind.
 */
public final class SnapshotFragments {

    /** The metadata field holding the feature names, in column order; their count is the dimension. */
    public static final String FEATURES = "features";

    private SnapshotFragments() {
    }

    /** Writes the feature names as the metadata's {@value #FEATURES} array. */
    public static void writeFeatures(ObjectNode metadata, List<String> features) {
        ArrayNode array = metadata.putArray(FEATURES);
        features.forEach(array::add);
    }

    /**
     * Reads the {@value #FEATURES} array.
     *
     * @param owner what the snapshot is, for the messages ("model metadata", "generator checkpoint", ...)
     * @throws SnapshotFormatException if it is missing, not an array of strings, or empty
     */
    public static List<String> readFeatures(MetadataFields metadata, String owner) {
        JsonNode array = metadata.required(FEATURES);
        if (!array.isArray()) {
            throw new SnapshotFormatException(owner + ": '" + FEATURES + "' must be an array");
        }
        List<String> features = new ArrayList<>(array.size());
        for (JsonNode name : array) {
            if (!name.isTextual()) {
                throw new SnapshotFormatException(owner + ": feature names must be strings");
            }
            features.add(name.asText());
        }
        if (features.isEmpty()) {
            throw new SnapshotFormatException(owner + ": no features");
        }
        return features;
    }

    /**
     * The float32 tensor {@code name} of the given shape, every value finite.
     *
     * @throws SnapshotFormatException if it is missing, of another type or shape, or holds NaN or an infinity
     */
    public static float[] finiteFloats(Snapshot snapshot, String name, int... shape) {
        return finite(snapshot.tensor(name).expectShape(shape).floats(), name);
    }

    /**
     * The float64 tensor {@code name} of the given shape, every value finite.
     *
     * @throws SnapshotFormatException if it is missing, of another type or shape, or holds NaN or an infinity
     */
    public static double[] finiteDoubles(Snapshot snapshot, String name, int... shape) {
        return finite(snapshot.tensor(name).expectShape(shape).doubles(), name);
    }

    /** Whether the snapshot has a tensor of this name (for optional tensors). */
    public static boolean hasTensor(Snapshot snapshot, String name) {
        return snapshot.tensors().stream().anyMatch(t -> t.name().equals(name));
    }

    private static float[] finite(float[] values, String name) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new SnapshotFormatException(name + " holds a non-finite value");
            }
        }
        return values;
    }

    private static double[] finite(double[] values, String name) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new SnapshotFormatException(name + " holds a non-finite value");
            }
        }
        return values;
    }
}
