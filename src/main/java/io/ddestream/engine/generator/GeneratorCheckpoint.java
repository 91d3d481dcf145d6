package io.ddestream.engine.generator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.dde.LearnerState;
import io.ddestream.engine.dde.LearnerStateCodec;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.density.StandardizerCodec;
import io.ddestream.engine.nn.GeneratorShape;
import io.ddestream.engine.nn.NetworkShape;
import io.ddestream.engine.nn.ParameterTensors;
import io.ddestream.engine.snapshot.MetadataFields;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.SnapshotFragments;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * A long-lived generator's resumable state, as a snapshot of kind {@value #KIND} in the engine's versioned,
 * checksummed container (docs/model-format.md): what the generator service publishes to its compacted topic and
 * resumes from after a restart.
 *
 * <p>It holds the {@link GeneratorState} (generator weights, their average, Adam's moments, {@code s_q}'s learner
 * state, step counts), the {@link GeneratorConfig} it was trained with, and the space it lives in: the data model's
 * features, standardizer and sigma. A resumed generator may train against a newer data model only if that space is
 * the same ({@link GeneratorLearner#spaceMismatch}). {@code version} numbers the checkpoints of one generator;
 * {@code dataModelVersion} is the data model's version it trained against last; {@code kl} is the latest KL
 * estimate, absent before the first.
 *
 * <p>Decoding checks every field and tensor (presence, type, shape against the metadata, finite values) and
 * fails with a {@link SnapshotFormatException}, never returning a checkpoint it could not vouch for.
 */
public record GeneratorCheckpoint(List<String> features, Standardizer standardizer, double sigma,
                                  GeneratorConfig config, GeneratorState state, long version, long dataModelVersion,
                                  Optional<KlEstimate> kl, Instant createdAt, String build) {

    public static final String KIND = "dde.generator-checkpoint";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The tensor prefixes of the generator's and its {@code s_q}'s learner states. */
    private static final String GENERATOR = "generator";
    private static final String SQ = "sq";

    public GeneratorCheckpoint {
        features = List.copyOf(features);
        int d = features.size();
        if (d < 1 || standardizer.dimension() != d || state.shape().dimension() != d) {
            throw new IllegalArgumentException("checkpoint parts disagree on the dimension: " + d + " features, "
                    + "standardizer of " + standardizer.dimension() + ", generator of " + state.shape().dimension());
        }
        if (state.shape().width() != config.width() || state.shape().depth() != config.depth()) {
            throw new IllegalArgumentException("the generator " + state.shape() + " does not have the configured width "
                    + config.width() + " and depth " + config.depth());
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a positive number, got " + sigma);
        }
        if (version < 1 || dataModelVersion < 0) {
            throw new IllegalArgumentException("versions must be >= 1 (checkpoint) and >= 0 (data model), got "
                    + version + " and " + dataModelVersion);
        }
    }

    /** The checkpoint as snapshot bytes. */
    public byte[] encode() {
        return SnapshotCodec.encode(toSnapshot());
    }

    /**
     * Decodes checkpoint bytes.
     *
     * @throws SnapshotFormatException if they are not a valid, consistent generator checkpoint
     */
    public static GeneratorCheckpoint decode(byte[] bytes) {
        return fromSnapshot(SnapshotCodec.decode(bytes));
    }

    public Snapshot toSnapshot() {
        ObjectNode meta = JSON.objectNode();
        SnapshotFragments.writeFeatures(meta, features);
        meta.put("sigma", sigma).put("version", version).put("data_model_version", dataModelVersion);
        meta.putObject("generator").put("width", config.width()).put("depth", config.depth());
        meta.putObject("training").put("batch_size", config.batchSize()).put("learning_rate", config.learningRate())
                .put("sq_steps_per_step", config.sqStepsPerStep()).put("seed", config.seed());
        meta.put("steps", state.steps()).put("refused_steps", state.refusedSteps());
        LearnerState sq = state.sq();
        meta.putObject("sq").put("width", sq.shape().width()).put("depth", sq.shape().depth())
                .put("steps", sq.steps()).put("refused_steps", sq.refusedSteps());
        meta.put("created_at", createdAt.toString()).put("build", build);
        kl.ifPresent(estimate -> KlEstimateCodec.write(meta.putObject("kl"), estimate));
        Snapshot.Builder builder = StandardizerCodec.writeTensors(Snapshot.builder(KIND).metadata(meta), standardizer);
        LearnerStateCodec.writeTensors(builder, GENERATOR, state.parameters(), state.averagedParameters(),
                state.optimizerState());
        return LearnerStateCodec.writeTensors(builder, SQ, sq).build();
    }

    /**
     * Reads a checkpoint from a snapshot.
     *
     * @throws SnapshotFormatException if it is of another kind, or a field or tensor is missing, mistyped,
     *                                 misshapen, non-finite or inconsistent with the rest
     */
    public static GeneratorCheckpoint fromSnapshot(Snapshot snapshot) {
        snapshot.expectKind(KIND);
        MetadataFields meta = MetadataFields.of(snapshot);
        List<String> features = SnapshotFragments.readFeatures(meta, "generator checkpoint");
        int d = features.size();
        MetadataFields generator = meta.object("generator");
        MetadataFields training = meta.object("training");
        MetadataFields sqMeta = meta.object("sq");
        try {
            GeneratorShape shape = new GeneratorShape(d, generator.positiveInt("width"),
                    generator.positiveInt("depth"));
            NetworkShape sqShape = new NetworkShape(d, sqMeta.positiveInt("width"), sqMeta.positiveInt("depth"));
            int p = Math.toIntExact(shape.parameterCount());
            Standardizer standardizer = StandardizerCodec.read(snapshot, d, Standardizer.Method.MOMENTS);
            LearnerState sq = LearnerStateCodec.read(snapshot, SQ, sqShape, sqMeta.integer("steps"),
                    sqMeta.integer("refused_steps"));
            GeneratorState state = new GeneratorState(shape,
                    ParameterTensors.read(snapshot, GENERATOR + LearnerStateCodec.PARAMETERS, p),
                    ParameterTensors.read(snapshot, GENERATOR + LearnerStateCodec.AVERAGED, p),
                    ParameterTensors.read(snapshot, GENERATOR + LearnerStateCodec.OPTIMIZER, Math.multiplyExact(2, p)),
                    sq, meta.integer("steps"), meta.integer("refused_steps"));
            GeneratorConfig config = new GeneratorConfig(shape.width(), shape.depth(),
                    training.positiveInt("batch_size"), training.number("learning_rate"),
                    training.positiveInt("sq_steps_per_step"), training.integer("seed"));
            Optional<KlEstimate> kl = snapshot.metadata().has("kl")
                    ? Optional.of(KlEstimateCodec.read(meta.object("kl"), d)) : Optional.empty();
            return new GeneratorCheckpoint(features, standardizer, meta.number("sigma"), config, state,
                    meta.integer("version"), meta.integer("data_model_version"), kl,
                    Instant.parse(meta.text("created_at")), meta.text("build"));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
            throw new SnapshotFormatException("inconsistent generator checkpoint: " + e.getMessage(), e);
        }
    }
}
