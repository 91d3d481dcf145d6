package io.ddestream.engine.density;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.nn.EnergyNetwork;
import io.ddestream.engine.nn.NetworkShape;
import io.ddestream.engine.nn.ParameterTensors;
import io.ddestream.engine.snapshot.MetadataFields;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.SnapshotFragments;
import io.ddestream.engine.snapshot.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a {@link DensityModel} to and from a {@link Snapshot} of kind {@value #KIND} (docs/model-format.md):
 * the same bytes are a model file and a message on the models topic. Decoding checks every part against the
 * others (dimensions, parameter count, finite values) before building a model, so a foreign or inconsistent
 * snapshot fails with a {@link SnapshotFormatException} instead of producing a broken model.
 *
 * <p>The model's {@link DataRange} is optional: the tensors {@value #RANGE_LOWER} and {@value #RANGE_UPPER},
 * both or neither. Files written before it was kept have neither and read as models without one.
 */
public final class DensityModelCodec {

    public static final String KIND = "dde.density-model";
    public static final String RANGE_LOWER = "data_range.lower";
    public static final String RANGE_UPPER = "data_range.upper";
    /** Metadata: true on a model learned at a rule-of-thumb sigma while the stream's selection runs. */
    public static final String PROVISIONAL = "provisional";
    private static final String ENERGY_PARAMETERS = "energy.parameters";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DensityModelCodec() {
    }

    public static byte[] encode(DensityModel model) {
        return SnapshotCodec.encode(toSnapshot(model));
    }

    public static DensityModel decode(byte[] bytes) {
        return fromSnapshot(SnapshotCodec.decode(bytes));
    }

    public static void write(Path file, DensityModel model) throws IOException {
        SnapshotCodec.write(file, toSnapshot(model));
    }

    public static DensityModel read(Path file) throws IOException {
        return fromSnapshot(SnapshotCodec.read(file));
    }

    public static Snapshot toSnapshot(DensityModel model) {
        EnergyNetwork net = model.network();
        Provenance prov = model.provenance();
        TrainingConfig t = prov.training();
        ObjectNode meta = JSON.objectNode();
        SnapshotFragments.writeFeatures(meta, model.features());
        meta.put("sigma", model.sigma());
        meta.putObject("network").put("width", net.shape().width()).put("depth", net.shape().depth());
        ObjectNode training = meta.putObject("training");
        training.put("batch_size", t.batchSize()).put("learning_rate", t.learningRate()).put("seed", t.seed())
                .put("max_gradient_norm", t.maxGradientNorm());
        training.putObject("sigma_schedule").put("initial", t.sigma().initial()).put("floor", t.sigma().floor())
                .put("every", t.sigma().every()).put("factor", t.sigma().factor());
        meta.put("steps", prov.steps()).put("refused_steps", prov.refusedSteps())
                .put("training_points", prov.trainingPoints()).put("version", prov.version())
                .put("created_at", prov.createdAt().toString()).put("build", prov.build());
        LogPartition z = model.logPartition();
        meta.putObject("log_z").put("value", z.logZ()).put("standard_error", z.standardError())
                .put("effective_sample_size", z.effectiveSampleSize()).put("samples", z.samples());
        meta.put("false_alarm_rate", model.falseAlarmRate());
        StandardizerCodec.writeMethod(meta, model.standardizer());
        model.sigmaSelection()
                .ifPresent(selection -> writeSigmaSelection(meta.putObject("sigma_selection"), selection));
        if (model.provisional()) {
            // Only when true: files without it (all of them before provisional models) read as final.
            meta.put(PROVISIONAL, true);
        }

        int d = model.dimension();
        ScoreCalibration cal = model.calibration();
        long[] counts = cal.centroidCounts();
        double[] weights = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            weights[i] = counts[i];
        }
        Snapshot.Builder builder = ParameterTensors.write(Snapshot.builder(KIND).metadata(meta), ENERGY_PARAMETERS,
                net.parameters());
        StandardizerCodec.writeTensors(builder, model.standardizer())
                .tensor("calibration.means", new int[] {counts.length}, cal.centroidMeans())
                .tensor("calibration.counts", new int[] {counts.length}, weights);
        model.dataRange().ifPresent(range -> builder.tensor(RANGE_LOWER, new int[] {d}, range.lower())
                .tensor(RANGE_UPPER, new int[] {d}, range.upper()));
        return builder.build();
    }

    public static DensityModel fromSnapshot(Snapshot snapshot) {
        snapshot.expectKind(KIND);
        MetadataFields meta = MetadataFields.of(snapshot);
        List<String> features = SnapshotFragments.readFeatures(meta, "model metadata");
        int d = features.size();
        MetadataFields network = meta.object("network");
        NetworkShape shape;
        try {
            shape = new NetworkShape(d, network.positiveInt("width"), network.positiveInt("depth"));
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("model metadata: " + e.getMessage());
        }
        if (shape.parameterCount() > Integer.MAX_VALUE) {
            throw new SnapshotFormatException("model metadata: network too large");
        }
        INDArray params = ParameterTensors.read(snapshot, ENERGY_PARAMETERS, (int) shape.parameterCount());
        Standardizer standardizer = StandardizerCodec.read(snapshot, d, StandardizerCodec.readMethod(meta));
        Tensor means = snapshot.tensor("calibration.means");
        int k = means.shape().length == 1 ? means.shape()[0] : -1;
        double[] centroidMeans = SnapshotFragments.finiteDoubles(snapshot, "calibration.means", k);
        double[] rawCounts = SnapshotFragments.finiteDoubles(snapshot, "calibration.counts", k);
        long[] counts = new long[k];
        for (int i = 0; i < k; i++) {
            if (!(rawCounts[i] >= 1) || rawCounts[i] != Math.rint(rawCounts[i])) {
                throw new SnapshotFormatException("calibration.counts must be positive integers");
            }
            counts[i] = (long) rawCounts[i];
        }
        DataRange range = dataRange(snapshot, d);

        MetadataFields training = meta.object("training");
        MetadataFields schedule = training.object("sigma_schedule");
        MetadataFields z = meta.object("log_z");
        try {
            TrainingConfig config = new TrainingConfig(shape.width(), shape.depth(), training.positiveInt("batch_size"),
                    training.number("learning_rate"),
                    new SigmaSchedule(schedule.number("initial"), schedule.number("floor"),
                            schedule.integer("every"), schedule.number("factor")),
                    training.integer("seed"), training.number("max_gradient_norm"));
            Provenance provenance = new Provenance(config, meta.integer("steps"),
                    meta.integer("refused_steps"), meta.integer("training_points"),
                    meta.integer("version"), Instant.parse(meta.text("created_at")),
                    meta.text("build"));
            LogPartition logZ = new LogPartition(z.number("value"), z.number("standard_error"),
                    z.number("effective_sample_size"), z.positiveInt("samples"), d);
            EnergyNetwork net = EnergyNetwork.fromParameters(shape, params);
            DensityModel model = new DensityModel(features, standardizer, net,
                    meta.number("sigma"), logZ, ScoreCalibration.fromCentroids(centroidMeans, counts),
                    meta.number("false_alarm_rate"), provenance, range);
            // Files written before the sigma selection was kept had sigma given.
            DensityModel selected = meta.node().has("sigma_selection")
                    ? model.withSigmaSelection(readSigmaSelection(meta.object("sigma_selection")))
                    : model;
            if (!meta.node().has(PROVISIONAL)) {
                return selected;
            }
            if (!meta.node().get(PROVISIONAL).isBoolean()) {
                throw new SnapshotFormatException("model metadata: '" + PROVISIONAL + "' must be true or false");
            }
            return meta.node().get(PROVISIONAL).booleanValue() ? selected.asProvisional() : selected;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new SnapshotFormatException("inconsistent model: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a sigma selection as the JSON object that model files keep under {@code sigma_selection} (also used by
     * the trainer's checkpoint, so that a restarted trainer keeps its choice).
     */
    public static void writeSigmaSelection(ObjectNode out, SigmaSelection selection) {
        out.put("rule", selection.rule()).put("chosen", selection.chosen()).put("min_agreement", selection.minAgreement())
                .put("points", selection.points()).put("tail_points", selection.tailPoints())
                .put("steps_per_candidate", selection.stepsPerCandidate()).put("seconds", selection.seconds())
                .put("splits", selection.splits());
        ArrayNode candidates = out.putArray("candidates");
        for (SigmaSelection.Candidate c : selection.candidates()) {
            ObjectNode node = candidates.addObject().put("sigma", c.sigma());
            if (c.failed()) {
                node.put("failure", c.failure());
            } else {
                node.put("tail_agreement", c.tailAgreement()).put("rank_correlation", c.rankCorrelation())
                        .put("held_out_log_likelihood", c.heldOutLogLikelihood())
                        .put("log_z_reliable", c.logZReliable());
                if (!Double.isNaN(c.agreementSpread())) {
                    node.put("agreement_spread", c.agreementSpread());
                }
            }
        }
    }

    /**
     * Reads what {@link #writeSigmaSelection} wrote.
     *
     * @throws SnapshotFormatException if a field is missing or out of range
     */
    public static SigmaSelection readSigmaSelection(MetadataFields in) {
        List<SigmaSelection.Candidate> candidates = new ArrayList<>();
        JsonNode array = in.required("candidates");
        if (!array.isArray()) {
            throw new SnapshotFormatException("model metadata: 'sigma_selection.candidates' must be an array");
        }
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isObject()) {
                throw new SnapshotFormatException("model metadata: sigma selection candidates must be objects");
            }
            MetadataFields c = new MetadataFields("sigma_selection.candidates[" + i + "]", array.get(i));
            if (c.node().has("failure")) {
                candidates.add(SigmaSelection.Candidate.failed(c.number("sigma"), c.text("failure")));
            } else {
                JsonNode reliable = c.required("log_z_reliable");
                if (!reliable.isBoolean()) {
                    throw new SnapshotFormatException("model metadata: '" + c.path()
                            + ".log_z_reliable' must be a boolean");
                }
                // Written only when the selection measured more than one split.
                double spread = c.node().has("agreement_spread") ? c.number("agreement_spread") : Double.NaN;
                candidates.add(new SigmaSelection.Candidate(c.number("sigma"), c.number("tail_agreement"),
                        c.number("rank_correlation"), c.number("held_out_log_likelihood"), reliable.asBoolean(), null,
                        spread));
            }
        }
        long points = in.integer("points");
        long tail = in.integer("tail_points");
        if (points < 1 || points > Integer.MAX_VALUE || tail < 1 || tail > points) {
            throw new SnapshotFormatException("model metadata: sigma selection point counts are out of range");
        }
        // Files written before the selection averaged over splits measured one.
        long splits = in.node().has("splits") ? in.integer("splits") : 1;
        if (splits < 1 || splits > Integer.MAX_VALUE) {
            throw new SnapshotFormatException("model metadata: 'sigma_selection.splits' must be >= 1");
        }
        return new SigmaSelection(candidates, in.number("chosen"), in.text("rule"), in.number("min_agreement"),
                (int) points, (int) tail, in.integer("steps_per_candidate"), in.number("seconds"), (int) splits);
    }

    /** The optional data range: both tensors or neither; null when neither. */
    private static DataRange dataRange(Snapshot snapshot, int d) {
        if (!SnapshotFragments.hasTensor(snapshot, RANGE_LOWER) && !SnapshotFragments.hasTensor(snapshot, RANGE_UPPER)) {
            return null;
        }
        double[] lower = SnapshotFragments.finiteDoubles(snapshot, RANGE_LOWER, d);
        double[] upper = SnapshotFragments.finiteDoubles(snapshot, RANGE_UPPER, d);
        try {
            return new DataRange(lower, upper);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("inconsistent data range: " + e.getMessage(), e);
        }
    }
}
