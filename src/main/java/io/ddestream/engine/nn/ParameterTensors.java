package io.ddestream.engine.nn;

import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.SnapshotFragments;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's flat parameter vector (or a vector laid out like it: a moving average, Adam's moments) in a
 * snapshot: a float32 tensor of shape [n], read back as the 1 x n row the networks take. Reading checks the length
 * and that every value is finite, so a NaN never reaches a network.
 */
public final class ParameterTensors {

    private ParameterTensors() {
    }

    /** Adds {@code values} as the float32 tensor {@code name} of shape [length]. */
    public static Snapshot.Builder write(Snapshot.Builder builder, String name, INDArray values) {
        return builder.tensor(name, new int[] {(int) values.length()}, values.toFloatVector());
    }

    /**
     * The float32 tensor {@code name} of shape [length] as a 1 x length float row.
     *
     * @throws SnapshotFormatException if it is missing, of another type or length, or holds a non-finite value
     */
    public static INDArray read(Snapshot snapshot, String name, int length) {
        float[] values = SnapshotFragments.finiteFloats(snapshot, name, length);
        return Nd4j.createFromArray(values).reshape(1, length).castTo(DataType.FLOAT);
    }
}
