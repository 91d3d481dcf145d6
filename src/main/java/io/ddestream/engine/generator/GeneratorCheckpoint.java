package io.ddestream.engine.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.dde.LearnerState;
import io.ddestream.engine.density.LogPartition;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.nn.GeneratorShape;
import io.ddestream.engine.nn.NetworkShape;
import io.ddestream.engine.snapshot.MetadataFields;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
        features.forEach(meta.putArray("features")::add);
        meta.put("sigma", sigma).put("version", version).put("data_model_version", dataModelVersion);
        meta.putObject("generator").put("width", config.width()).put("depth", config.depth());
        meta.putObject("training").put("batch_size", config.batchSize()).put("learning_rate", config.learningRate())
                .put("sq_steps_per_step", config.sqStepsPerStep()).put("seed", config.seed());
        meta.put("steps", state.steps()).put("refused_steps", state.refusedSteps());
        LearnerState sq = state.sq();
        meta.putObject("sq").put("width", sq.shape().width()).put("depth", sq.shape().depth())
                .put("steps", sq.steps()).put("refused_steps", sq.refusedSteps());
        meta.put("created_at", createdAt.toString()).put("build", build);
        kl.ifPresent(estimate -> meta.set("kl", klMetadata(estimate)));
        int d = features.size();
        int p = (int) state.shape().parameterCount();
        int q = (int) sq.shape().parameterCount();
        return Snapshot.builder(KIND).metadata(meta)
                .tensor("standardizer.mean", new int[] {d}, standardizer.mean())
                .tensor("standardizer.std", new int[] {d}, standardizer.std())
                .tensor("generator.parameters", new int[] {p}, state.parameters().toFloatVector())
                .tensor("generator.averaged", new int[] {p}, state.averagedParameters().toFloatVector())
                .tensor("generator.optimizer", new int[] {2 * p}, state.optimizerState().toFloatVector())
                .tensor("sq.parameters", new int[] {q}, sq.parameters().toFloatVector())
                .tensor("sq.averaged", new int[] {q}, sq.averagedParameters().toFloatVector())
                .tensor("sq.optimizer", new int[] {2 * q}, sq.optimizerState().toFloatVector())
                .build();
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
        List<String> features = new ArrayList<>();
        for (JsonNode f : meta.required("features")) {
            if (!f.isTextual()) {
                throw new SnapshotFormatException("generator checkpoint: feature names must be strings");
            }
            features.add(f.asText());
        }
        int d = features.size();
        if (d < 1) {
            throw new SnapshotFormatException("generator checkpoint: no features");
        }
        MetadataFields generator = meta.object("generator");
        MetadataFields training = meta.object("training");
        MetadataFields sqMeta = meta.object("sq");
        try {
            GeneratorShape shape = new GeneratorShape(d, generator.positiveInt("width"),
                    generator.positiveInt("depth"));
            NetworkShape sqShape = new NetworkShape(d, sqMeta.positiveInt("width"), sqMeta.positiveInt("depth"));
            int p = Math.toIntExact(shape.parameterCount());
            int q = Math.toIntExact(sqShape.parameterCount());
            double[] mean = finite(snapshot.tensor("standardizer.mean").expectShape(d).doubles(), "standardizer.mean");
            double[] std = finite(snapshot.tensor("standardizer.std").expectShape(d).doubles(), "standardizer.std");
            for (double s : std) {
                if (!(s > 0)) {
                    throw new SnapshotFormatException("standardizer.std must be positive");
                }
            }
            LearnerState sq = new LearnerState(sqShape, row(snapshot, "sq.parameters", q),
                    row(snapshot, "sq.averaged", q), row(snapshot, "sq.optimizer", 2 * q), sqMeta.integer("steps"),
                    sqMeta.integer("refused_steps"));
            GeneratorState state = new GeneratorState(shape, row(snapshot, "generator.parameters", p),
                    row(snapshot, "generator.averaged", p), row(snapshot, "generator.optimizer", 2 * p), sq,
                    meta.integer("steps"), meta.integer("refused_steps"));
            GeneratorConfig config = new GeneratorConfig(shape.width(), shape.depth(),
                    training.positiveInt("batch_size"), training.number("learning_rate"),
                    training.positiveInt("sq_steps_per_step"), training.integer("seed"));
            Optional<KlEstimate> kl = snapshot.metadata().has("kl")
                    ? Optional.of(readKl(meta.object("kl"), d)) : Optional.empty();
            return new GeneratorCheckpoint(features, Standardizer.of(mean, std), meta.number("sigma"), config, state,
                    meta.integer("version"), meta.integer("data_model_version"), kl,
                    Instant.parse(meta.text("created_at")), meta.text("build"));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
            throw new SnapshotFormatException("inconsistent generator checkpoint: " + e.getMessage(), e);
        }
    }

    private static ObjectNode klMetadata(KlEstimate kl) {
        ObjectNode node = JSON.objectNode();
        node.put("value", kl.value()).put("standard_error", kl.standardError())
                .put("mean_energy_gap", kl.meanEnergyGap()).put("log_z_p", kl.logZp()).put("samples", kl.samples());
        LogPartition z = kl.logZq();
        node.putObject("log_z_q").put("value", z.logZ()).put("standard_error", z.standardError())
                .put("effective_sample_size", z.effectiveSampleSize()).put("samples", z.samples());
        return node;
    }

    private static KlEstimate readKl(MetadataFields kl, int d) {
        MetadataFields logZq = kl.object("log_z_q");
        return new KlEstimate(kl.number("value"), kl.number("standard_error"), kl.number("mean_energy_gap"),
                kl.number("log_z_p"), new LogPartition(logZq.number("value"), logZq.number("standard_error"),
                logZq.number("effective_sample_size"), logZq.positiveInt("samples"), d), kl.positiveInt("samples"));
    }

    /** A float32 tensor of the given length, checked finite, as a row vector. */
    private static INDArray row(Snapshot snapshot, String name, int length) {
        float[] values = snapshot.tensor(name).expectShape(length).floats();
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new SnapshotFormatException(name + " holds a non-finite value");
            }
        }
        return Nd4j.createFromArray(values).reshape(1, length).castTo(DataType.FLOAT);
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
