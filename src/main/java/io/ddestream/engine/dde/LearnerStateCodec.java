package io.ddestream.engine.dde;

import io.ddestream.engine.nn.NetworkShape;
import io.ddestream.engine.nn.ParameterTensors;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learner's tensors in a checkpoint snapshot, under a prefix (docs/model-format.md): {@code <prefix>.parameters}
 * and {@code <prefix>.averaged} (float32, [P]) and {@code <prefix>.optimizer} (float32, [2P]: Adam's first then
 * second moments). The trainer's checkpoint keeps its energy learner under {@code learner}, the generator's
 * checkpoint its generator under {@code generator} and its {@code s_q} under {@code sq}. The step counts are the
 * kind's metadata, not tensors, so the caller passes them.
 */
public final class LearnerStateCodec {

    public static final String PARAMETERS = ".parameters";
    public static final String AVERAGED = ".averaged";
    public static final String OPTIMIZER = ".optimizer";

    private LearnerStateCodec() {
    }

    /** Adds the three tensors of a learner whose weights, their average and Adam's moments are given. */
    public static Snapshot.Builder writeTensors(Snapshot.Builder builder, String prefix, INDArray parameters,
                                                INDArray averaged, INDArray optimizer) {
        ParameterTensors.write(builder, prefix + PARAMETERS, parameters);
        ParameterTensors.write(builder, prefix + AVERAGED, averaged);
        return ParameterTensors.write(builder, prefix + OPTIMIZER, optimizer);
    }

    /** Adds the three tensors of a denoising learner's state. */
    public static Snapshot.Builder writeTensors(Snapshot.Builder builder, String prefix, LearnerState state) {
        return writeTensors(builder, prefix, state.parameters(), state.averagedParameters(), state.optimizerState());
    }

    /**
     * Reads a denoising learner's state of the given shape.
     *
     * @throws SnapshotFormatException if a tensor is missing, misshapen or holds a non-finite value
     * @throws ArithmeticException     if the shape has more parameters than a tensor can hold
     */
    public static LearnerState read(Snapshot snapshot, String prefix, NetworkShape shape, long steps,
                                    long refusedSteps) {
        int p = Math.toIntExact(shape.parameterCount());
        return new LearnerState(shape, ParameterTensors.read(snapshot, prefix + PARAMETERS, p),
                ParameterTensors.read(snapshot, prefix + AVERAGED, p),
                ParameterTensors.read(snapshot, prefix + OPTIMIZER, Math.multiplyExact(2, p)), steps, refusedSteps);
    }
}
