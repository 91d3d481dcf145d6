package io.ddestream.engine.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.nn.GeneratorNetwork;
import io.ddestream.engine.nn.GeneratorShape;
import io.ddestream.engine.nn.ParameterTensors;
import io.ddestream.engine.snapshot.MetadataFields;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.SnapshotFragments;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Adds a {@link GeneratorModel} to a density model's snapshot (kind {@value DensityModelCodec#KIND}) and reads it
 * back: a model file from {@code fit --generator} carries both networks. The generator part is a
 * {@value #METADATA} metadata object and a {@value #PARAMETERS} tensor (docs/model-format.md); readers that do
 * not know it, {@link DensityModelCodec} included, ignore it, and snapshots without it have no generator.
 *
 * <p>Decoding checks the generator part as strictly as {@link DensityModelCodec} checks the rest (every field
 * present and of its type, the tensor's shape against the network's, finite values), and takes the features and
 * standardizer from the density part of the same snapshot, so the two cannot disagree.
 */
public final class GeneratorModelCodec {

    public static final String METADATA = "generator";
    public static final String PARAMETERS = "generator.parameters";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GeneratorModelCodec() {
    }

    /** The density model's snapshot with the generator part added. */
    public static Snapshot toSnapshot(DensityModel data, GeneratorModel generator) {
        if (!data.features().equals(generator.features())) {
            throw new IllegalArgumentException("the generator's features " + generator.features()
                    + " are not the density model's " + data.features());
        }
        Snapshot density = DensityModelCodec.toSnapshot(data);
        ObjectNode meta = density.metadata();
        meta.set(METADATA, metadata(generator));
        Snapshot.Builder builder = Snapshot.builder(density.kind()).metadata(meta);
        density.tensors().forEach(builder::tensor);
        return ParameterTensors.write(builder, PARAMETERS, generator.network().parameters()).build();
    }

    /**
     * The generator in a density model's snapshot, or empty when it has none.
     *
     * @throws SnapshotFormatException if the snapshot is not a valid density model, or its generator part is
     *                                 malformed or inconsistent
     */
    public static Optional<GeneratorModel> fromSnapshot(Snapshot snapshot) {
        DensityModel data = DensityModelCodec.fromSnapshot(snapshot);
        JsonNode meta = snapshot.metadata().get(METADATA);
        if (meta == null && !SnapshotFragments.hasTensor(snapshot, PARAMETERS)) {
            return Optional.empty();
        }
        if (meta == null || !meta.isObject()) {
            throw new SnapshotFormatException("model metadata: '" + METADATA + "' must be an object alongside the '"
                    + PARAMETERS + "' tensor");
        }
        MetadataFields fields = new MetadataFields(METADATA, meta);
        GeneratorShape shape;
        try {
            shape = new GeneratorShape(data.dimension(), fields.positiveInt("width"), fields.positiveInt("depth"));
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("generator metadata: " + e.getMessage());
        }
        if (shape.parameterCount() > Integer.MAX_VALUE) {
            throw new SnapshotFormatException("generator metadata: network too large");
        }
        INDArray params = ParameterTensors.read(snapshot, PARAMETERS, (int) shape.parameterCount());
        MetadataFields training = fields.object("training");
        MetadataFields kl = fields.object("kl");
        try {
            GeneratorConfig config = new GeneratorConfig(shape.width(), shape.depth(),
                    training.positiveInt("batch_size"), training.number("learning_rate"),
                    training.positiveInt("sq_steps_per_step"), training.integer("seed"));
            GeneratorProvenance provenance = new GeneratorProvenance(config, fields.integer("steps"),
                    fields.integer("refused_steps"), fields.integer("sq_steps"),
                    Instant.parse(fields.text("created_at")), fields.text("build"));
            KlEstimate estimate = KlEstimateCodec.read(kl, data.dimension());
            GeneratorNetwork network = GeneratorNetwork.fromParameters(shape, params);
            return Optional.of(new GeneratorModel(data.features(), data.standardizer(), network, data.sigma(),
                    provenance, estimate));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new SnapshotFormatException("inconsistent generator: " + e.getMessage(), e);
        }
    }

    /** Writes a model file holding the density model and its generator. */
    public static void write(Path file, DensityModel data, GeneratorModel generator) throws IOException {
        SnapshotCodec.write(file, toSnapshot(data, generator));
    }

    /** The generator in a model file, or empty when the file has none. */
    public static Optional<GeneratorModel> read(Path file) throws IOException {
        return fromSnapshot(SnapshotCodec.read(file));
    }

    private static ObjectNode metadata(GeneratorModel generator) {
        GeneratorProvenance p = generator.provenance();
        GeneratorConfig c = p.config();
        ObjectNode meta = JSON.objectNode();
        meta.put("width", c.width()).put("depth", c.depth());
        meta.putObject("training").put("batch_size", c.batchSize()).put("learning_rate", c.learningRate())
                .put("sq_steps_per_step", c.sqStepsPerStep()).put("seed", c.seed());
        meta.put("steps", p.steps()).put("refused_steps", p.refusedSteps()).put("sq_steps", p.sqSteps())
                .put("created_at", p.createdAt().toString()).put("build", p.build());
        KlEstimateCodec.write(meta.putObject("kl"), generator.kl());
        return meta;
    }
}
