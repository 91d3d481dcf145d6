package io.ddestream.streaming;

import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.DenoisingLearner;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.Provenance;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.nn.EnergyNetwork;
import io.ddestream.engine.nn.NetworkShape;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.Tensor;
import io.ddestream.engine.density.TrainerCheckpoint;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Snapshots that must never become the scorer's model, each with the rejection reason the scorer must count
 * ({@code dde.models.rejected{reason}}): truncated, bit-flipped, wrong-dimension, foreign (other kinds of
 * snapshot, and bytes that are no snapshot at all), and well-sealed snapshots whose content is poisoned.
 * All claim a version newer than any good one used in the tests.
 */
final class TamperedSnapshots {

    static final long VERSION = 99;

    /** One tampered snapshot and the {@code reason} tag it must be rejected under. */
    record Tampered(String name, byte[] bytes, String reason) {
    }

    private TamperedSnapshots() {
    }

    /** Every kind of tampering, applied to the 8-gaussians test model (features x, y). */
    static List<Tampered> all() {
        byte[] good = TestModels.snapshot(VERSION);
        List<Tampered> out = new ArrayList<>();
        out.add(new Tampered("truncated to half", Arrays.copyOf(good, good.length / 2), "malformed"));
        out.add(new Tampered("truncated by one byte", Arrays.copyOf(good, good.length - 1), "malformed"));
        out.add(new Tampered("empty", new byte[0], "malformed"));
        for (int position : new int[] {3, 30, good.length / 2, good.length - 2}) {
            byte[] flipped = good.clone();
            flipped[position] ^= 0x10;
            out.add(new Tampered("bit flipped at byte " + position, flipped, "malformed"));
        }
        out.add(new Tampered("wrong dimension (3 features)", DensityModelCodec.encode(threeFeatureModel()),
                "feature_mismatch"));
        out.add(new Tampered("features renamed", DensityModelCodec.encode(renamed(List.of("y", "x"))),
                "feature_mismatch"));
        out.add(new Tampered("foreign: a trainer checkpoint", checkpoint(), "malformed"));
        out.add(new Tampered("foreign: another kind", SnapshotCodec.encode(Snapshot.builder("acme.weights")
                .tensor("w", new int[] {2}, new float[] {1, 2}).build()), "malformed"));
        out.add(new Tampered("foreign: JSON", "{\"model\":\"default\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "malformed"));
        out.add(new Tampered("NaN weights, resealed", poisonedWeights(good), "malformed"));
        return out;
    }

    private static DensityModel threeFeatureModel() {
        DensityModel m = TestModels.eightGaussians(VERSION);
        NetworkShape shape = new NetworkShape(3, 8, 2);
        return new DensityModel(List.of("x", "y", "z"), Standardizer.of(new double[3], new double[] {1, 1, 1}),
                EnergyNetwork.initialize(shape, DataType.FLOAT, new Random(1)), m.sigma(), m.logPartition(),
                m.calibration(), m.falseAlarmRate(), m.provenance());
    }

    private static DensityModel renamed(List<String> features) {
        DensityModel m = TestModels.eightGaussians(VERSION);
        return new DensityModel(features, m.standardizer(), m.network(), m.sigma(), m.logPartition(),
                m.calibration(), m.falseAlarmRate(), m.provenance());
    }

    private static byte[] checkpoint() {
        var learner = DenoisingLearner.create(2,
                TrainerTopologyTest.fastSettings().density().training().at(SigmaSchedule.constant(0.1)), DataType.FLOAT);
        return new TrainerCheckpoint(List.of("x", "y"), learner.state(),
                Standardizer.of(new double[2], new double[] {1, 1}), VERSION).encode();
    }

    /** The good snapshot with its first weight set to NaN, re-encoded: intact container, poisoned content. */
    private static byte[] poisonedWeights(byte[] good) {
        Snapshot snapshot = SnapshotCodec.decode(good);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        snapshot.tensors().forEach(t -> tensors.put(t.name(), t));
        Tensor weights = tensors.get("energy.parameters");
        float[] values = weights.floats();
        values[0] = Float.NaN;
        tensors.put(weights.name(), Tensor.ofFloats(weights.name(), weights.shape(), values));
        Snapshot.Builder builder = Snapshot.builder(snapshot.kind()).metadata(snapshot.metadata());
        tensors.values().forEach(builder::tensor);
        return SnapshotCodec.encode(builder.build());
    }
}
