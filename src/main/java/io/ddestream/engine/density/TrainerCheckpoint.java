package io.ddestream.engine.density;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.dde.LearnerState;
import io.ddestream.engine.dde.LearnerStateCodec;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.density.StandardizerCodec;
import io.ddestream.engine.nn.NetworkShape;
import io.ddestream.engine.snapshot.MetadataFields;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.SnapshotFragments;

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
    /** The tensor prefix of the learner's state. */
    private static final String LEARNER = "learner";

    public TrainerCheckpoint {
        features = List.copyOf(features);
        if (learner.shape().inputDim() != features.size() || standardizer.dimension() != features.size()) {
            throw new IllegalArgumentException("checkpoint parts disagree on the dimension");
        }
        if (modelVersion < 0 || learner.steps() < 0 || learner.refusedSteps() < 0) {
            throw new IllegalArgumentException("the model version and step counts must be >= 0, got " + modelVersion
                    + ", " + learner.steps() + " and " + learner.refusedSteps());
        }
    }

    /** A checkpoint of a trainer that learns at a given sigma. */
    public TrainerCheckpoint(List<String> features, LearnerState learner, Standardizer standardizer,
                             long modelVersion) {
        this(features, learner, standardizer, modelVersion, null);
    }

    public byte[] encode() {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        SnapshotFragments.writeFeatures(meta, features);
        meta.put("width", learner.shape().width()).put("depth", learner.shape().depth())
                .put("model_version", modelVersion).put("steps", learner.steps())
                .put("refused_steps", learner.refusedSteps());
        if (sigmaSelection != null) {
            DensityModelCodec.writeSigmaSelection(meta.putObject("sigma_selection"), sigmaSelection);
        }
        Snapshot.Builder builder = LearnerStateCodec.writeTensors(Snapshot.builder(KIND).metadata(meta), LEARNER,
                learner);
        return SnapshotCodec.encode(StandardizerCodec.writeTensors(builder, standardizer).build());
    }

    /**
     * Decodes a checkpoint, checking it as strictly as a model file: every field present and of its type, every
     * tensor's shape against the features and the network, every value finite, every std positive.
     *
     * @throws SnapshotFormatException if the bytes are not a consistent trainer checkpoint
     */
    public static TrainerCheckpoint decode(byte[] bytes) {
        Snapshot snapshot = SnapshotCodec.decode(bytes).expectKind(KIND);
        MetadataFields meta = MetadataFields.of(snapshot);
        List<String> features = SnapshotFragments.readFeatures(meta, "trainer checkpoint");
        try {
            NetworkShape shape = new NetworkShape(features.size(), meta.positiveInt("width"),
                    meta.positiveInt("depth"));
            LearnerState learner = LearnerStateCodec.read(snapshot, LEARNER, shape, meta.integer("steps"),
                    meta.integer("refused_steps"));
            // The centres and scales only: how they were measured is the restarting trainer's setting.
            Standardizer standardizer = StandardizerCodec.read(snapshot, features.size(),
                    Standardizer.Method.MOMENTS);
            SigmaSelection selection = meta.node().has("sigma_selection")
                    ? DensityModelCodec.readSigmaSelection(meta.object("sigma_selection")) : null;
            return new TrainerCheckpoint(features, learner, standardizer, meta.integer("model_version"), selection);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new SnapshotFormatException("inconsistent trainer checkpoint: " + e.getMessage(), e);
        }
    }
}
