package io.ddestream.engine.density;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.snapshot.MetadataFields;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.SnapshotFragments;

/**
 * A {@link Standardizer} in a snapshot, as every kind that has one stores it (docs/model-format.md): the float64
 * tensors {@value #MEAN} and {@value #STD} of shape [d], and, where the kind records it, the metadata object
 * {@code standardizer: {"method": ...}}. Lives beside {@link Standardizer} rather than in the snapshot package,
 * which knows nothing of models.
 */
public final class StandardizerCodec {

    public static final String MEAN = "standardizer.mean";
    public static final String STD = "standardizer.std";
    private static final String METADATA = "standardizer";

    private StandardizerCodec() {
    }

    /** Adds the {@value #MEAN} and {@value #STD} tensors. */
    public static Snapshot.Builder writeTensors(Snapshot.Builder builder, Standardizer standardizer) {
        int d = standardizer.dimension();
        return builder.tensor(MEAN, new int[] {d}, standardizer.mean())
                .tensor(STD, new int[] {d}, standardizer.std());
    }

    /** Writes the method the centres and scales were measured by as {@code standardizer.method}. */
    public static void writeMethod(ObjectNode metadata, Standardizer standardizer) {
        metadata.putObject(METADATA).put("method", standardizer.method().id());
    }

    /**
     * Reads {@code standardizer.method}; snapshots written before it was recorded standardized by the moments.
     *
     * @throws SnapshotFormatException if it is present but not a known method
     */
    public static Standardizer.Method readMethod(MetadataFields metadata) {
        if (!metadata.node().has(METADATA)) {
            return Standardizer.Method.MOMENTS;
        }
        String id = metadata.object(METADATA).text("method");
        try {
            return Standardizer.Method.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("inconsistent model: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the tensors of a {@code d}-dimensional standardizer measured by {@code method}.
     *
     * @throws SnapshotFormatException if a tensor is missing or misshapen, a value is not finite or a std not
     *                                 positive
     */
    public static Standardizer read(Snapshot snapshot, int d, Standardizer.Method method) {
        double[] mean = SnapshotFragments.finiteDoubles(snapshot, MEAN, d);
        double[] std = SnapshotFragments.finiteDoubles(snapshot, STD, d);
        for (double s : std) {
            if (!(s > 0)) {
                throw new SnapshotFormatException(STD + " must be positive");
            }
        }
        return Standardizer.of(mean, std, method);
    }
}
