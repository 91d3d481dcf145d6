package io.ddestream.engine.density;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.dde.LearnerState;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.nn.NetworkShape;
import io.ddestream.engine.snapshot.MetadataFields;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's learning state after warm-up, as a snapshot of kind {@value #KIND} in the engine's versioned,
 * checksummed container: the learner (weights, Adam moments, step counts), the frozen standardizer, and the
 * version of the last published model. The reservoir is persisted row by row beside it (see
 * {@code TrainerStore}), so that no admitted point waits for a checkpoint to become durable.
 *
 * <p>Metadata: {@code features}, {@code width}, {@code depth}, {@code model_version}, {@code steps},
 * {@code refused_steps}, and {@code sigma_selection} when sigma was selected on the warm-up (as in model files,
 * docs/model-format.md; checkpoints written before it existed have none and learned at the configured sigma).
 * Tensors: {@code learner.parameters}, {@code learner.averaged} (the weights' moving
 * average) and {@code learner.optimizer} (float32, the moments laid out as {@link LearnerState} says),
 * {@code standardizer.mean} and {@code standardizer.std} (float64).
 */
public record TrainerCheckpoint(List<String> features, LearnerState learner, Standardizer standardizer,
                                long modelVersion, SigmaSelection sigmaSelection) {

    public static final String KIND = "dde.trainer-checkpoint";

    public TrainerCheckpoint {
        features = List.copyOf(features);
        if (learner.shape().inputDim() != features.size() || standardizer.dimension() != features.size()) {
            throw new IllegalArgumentException("checkpoint parts disagree on the dimension");
        }
    }

    /** A checkpoint of a trainer that learns at a given sigma. */
    public TrainerCheckpoint(List<String> features, LearnerState learner, Standardizer standardizer,
                             long modelVersion) {
        this(features, learner, standardizer, modelVersion, null);
    }

    public byte[] encode() {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        features.forEach(meta.putArray("features")::add);
        meta.put("width", learner.shape().width()).put("depth", learner.shape().depth())
                .put("model_version", modelVersion).put("steps", learner.steps())
                .put("refused_steps", learner.refusedSteps());
        if (sigmaSelection != null) {
            DensityModelCodec.writeSigmaSelection(meta.putObject("sigma_selection"), sigmaSelection);
        }
        int p = (int) learner.shape().parameterCount();
        int d = features.size();
        return SnapshotCodec.encode(Snapshot.builder(KIND).metadata(meta)
                .tensor("learner.parameters", new int[] {p}, learner.parameters().toFloatVector())
                .tensor("learner.averaged", new int[] {p}, learner.averagedParameters().toFloatVector())
                .tensor("learner.optimizer", new int[] {2 * p}, learner.optimizerState().toFloatVector())
                .tensor("standardizer.mean", new int[] {d}, standardizer.mean())
                .tensor("standardizer.std", new int[] {d}, standardizer.std())
                .build());
    }

    /**
     * Decodes a checkpoint.
     *
     * @throws SnapshotFormatException if the bytes are not a consistent trainer checkpoint
     */
    public static TrainerCheckpoint decode(byte[] bytes) {
        Snapshot snapshot = SnapshotCodec.decode(bytes).expectKind(KIND);
        MetadataFields meta = MetadataFields.of(snapshot);
        try {
            List<String> features = new ArrayList<>();
            meta.required("features").forEach(f -> features.add(f.asText()));
            NetworkShape shape = new NetworkShape(features.size(), meta.positiveInt("width"),
                    meta.positiveInt("depth"));
            int p = Math.toIntExact(shape.parameterCount());
            float[] parameters = finite(snapshot.tensor("learner.parameters").expectShape(p).floats());
            float[] averaged = finite(snapshot.tensor("learner.averaged").expectShape(p).floats());
            float[] moments = finite(snapshot.tensor("learner.optimizer").expectShape(2 * p).floats());
            LearnerState learner = new LearnerState(shape, row(parameters), row(averaged), row(moments),
                    meta.integer("steps"), meta.integer("refused_steps"));
            Standardizer standardizer = Standardizer.of(
                    snapshot.tensor("standardizer.mean").expectShape(features.size()).doubles(),
                    snapshot.tensor("standardizer.std").expectShape(features.size()).doubles());
            SigmaSelection selection = meta.node().has("sigma_selection")
                    ? DensityModelCodec.readSigmaSelection(meta.object("sigma_selection")) : null;
            return new TrainerCheckpoint(features, learner, standardizer, meta.integer("model_version"), selection);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new SnapshotFormatException("inconsistent trainer checkpoint: " + e.getMessage(), e);
        }
    }

    private static org.nd4j.linalg.api.ndarray.INDArray row(float[] values) {
        return Nd4j.createFromArray(values).reshape(1, values.length).castTo(DataType.FLOAT);
    }

    private static float[] finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new SnapshotFormatException("trainer checkpoint holds a non-finite weight or moment");
            }
        }
        return values;
    }
}
