package io.ddestream.engine.density;

import io.ddestream.testing.TestSettings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The trainer checkpoint format: a checkpoint written by an earlier build still reads (and re-encodes byte for
 * byte while the writer is at format version 1), and a bad one (non-finite values, a wrong dimension, a feature
 * list that does not fit the tensors, a missing or mistyped field) is rejected with a message naming what is wrong,
 * as strictly as a model file.
 */
class TrainerCheckpointTest {

    private static byte[] golden;

    @BeforeAll
    static void readGolden() throws IOException {
        try (InputStream in = TrainerCheckpointTest.class.getResourceAsStream(GoldenTrainerCheckpoint.RESOURCE)) {
            golden = in.readAllBytes();
        }
    }

    @Test
    void shouldReadACheckpointWrittenByAnEarlierBuild() {
        // Written by GoldenTrainerCheckpoint with the encoder of commit dab279f; values printed then.
        TrainerCheckpoint checkpoint = TrainerCheckpoint.decode(golden);

        assertThat(checkpoint.features()).containsExactly("x", "y");
        assertThat(checkpoint.modelVersion()).isEqualTo(7);
        assertThat(checkpoint.learner().shape().width()).isEqualTo(4);
        assertThat(checkpoint.learner().shape().depth()).isEqualTo(1);
        assertThat(checkpoint.learner().steps()).isEqualTo(3);
        assertThat(checkpoint.learner().refusedSteps()).isZero();
        assertThat(checkpoint.learner().parameters().getFloat(0)).isEqualTo(1.1717523f);
        assertThat(checkpoint.learner().averagedParameters().getFloat(0)).isEqualTo(1.1708925f);
        long moments = checkpoint.learner().optimizerState().length();
        assertThat(moments).isEqualTo(2 * checkpoint.learner().shape().parameterCount());
        assertThat(checkpoint.learner().optimizerState().getFloat(0)).isEqualTo(-0.0018188586f);
        assertThat(checkpoint.learner().optimizerState().getFloat(moments - 1)).isEqualTo(9.511279E-6f);
        assertThat(checkpoint.standardizer().mean()).containsExactly(2.5, -1.25);
        assertThat(checkpoint.standardizer().std()).containsExactly(0.75, 3.0);
        SigmaSelection selection = checkpoint.sigmaSelection();
        assertThat(selection.chosen()).isEqualTo(0.5);
        assertThat(selection.candidates()).hasSize(2);
        assertThat(selection.candidates().get(1).failure()).isEqualTo("training diverged");
        assertThat(checkpoint.encode()).isEqualTo(golden);
    }

    @Test
    void shouldRejectASnapshotOfAnotherKindOrCorruptBytes() {
        Snapshot foreign = Snapshot.builder(DensityModelCodec.KIND).metadata(SnapshotCodec.decode(golden).metadata())
                .build();
        assertThatThrownBy(() -> TrainerCheckpoint.decode(SnapshotCodec.encode(foreign)))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage("expected a 'dde.trainer-checkpoint' snapshot, got 'dde.density-model'");

        byte[] corrupt = golden.clone();
        corrupt[corrupt.length / 2] ^= 1;
        assertThatThrownBy(() -> TrainerCheckpoint.decode(corrupt)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void shouldRejectNonFiniteValues() {
        assertRejected(meta -> { }, poison("learner.parameters", 0, Float.NaN),
                "learner.parameters holds a non-finite value");
        assertRejected(meta -> { }, poison("learner.averaged", 3, Float.POSITIVE_INFINITY),
                "learner.averaged holds a non-finite value");
        assertRejected(meta -> { }, poison("learner.optimizer", 5, Float.NaN),
                "learner.optimizer holds a non-finite value");
        assertRejected(meta -> { }, replace(Tensor.ofDoubles("standardizer.mean", new int[] {2},
                new double[] {Double.NaN, 0})), "standardizer.mean holds a non-finite value");
        assertRejected(meta -> { }, replace(Tensor.ofDoubles("standardizer.std", new int[] {2},
                new double[] {1, 0})), "standardizer.std must be positive");
    }

    @Test
    void shouldRejectAWrongDimensionOrAFeatureListThatDoesNotFitTheTensors() {
        assertRejected(meta -> { }, replace(Tensor.ofDoubles("standardizer.mean", new int[] {3},
                new double[] {0, 0, 0})), "tensor 'standardizer.mean' has shape [3], expected [2]");
        assertRejected(meta -> meta.putArray("features").add("x").add("y").add("z"), UnaryOperator.identity(),
                "tensor 'learner.parameters' has shape");
        assertRejected(meta -> meta.put("width", 5), UnaryOperator.identity(),
                "tensor 'learner.parameters' has shape");
        assertRejected(meta -> meta.putArray("features").add("x").add(3), UnaryOperator.identity(),
                "trainer checkpoint: feature names must be strings");
        assertRejected(meta -> meta.putArray("features"), UnaryOperator.identity(), "trainer checkpoint: no features");
        assertRejected(meta -> meta.put("features", "x,y"), UnaryOperator.identity(),
                "trainer checkpoint: 'features' must be an array");
    }

    @Test
    void shouldRejectMissingMistypedOrOutOfRangeFieldsNamingThem() {
        assertRejected(meta -> meta.remove("steps"), UnaryOperator.identity(), "lacks 'steps'");
        assertRejected(meta -> meta.put("depth", "deep"), UnaryOperator.identity(),
                "'depth' must be a positive integer");
        assertRejected(meta -> meta.put("model_version", -1), UnaryOperator.identity(),
                "inconsistent trainer checkpoint: the model version and step counts must be >= 0");
        assertRejected(meta -> ((ObjectNode) meta.get("sigma_selection")).remove("chosen"), UnaryOperator.identity(),
                "lacks 'sigma_selection.chosen'");
        assertRejected(meta -> { }, tensors -> Arrays.stream(tensors)
                .filter(t -> !t.name().equals("learner.averaged")).toArray(Tensor[]::new),
                "missing tensor 'learner.averaged'");
    }

    @Test
    void shouldNotRestoreATrainerForOtherFeatures() {
        TrainerCheckpoint checkpoint = TrainerCheckpoint.decode(golden);
        TrainerSettings settings = TestSettings.trainer(
                new TrainingConfig(4, 1, 512, 1e-3, SigmaSchedule.constant(0.2), 1L, 1e4), 5000);

        assertThatThrownBy(() -> DensityLearner.restore(List.of("x", "z"), settings, checkpoint, new double[0][],
                0, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checkpoint is for features [x, y]");
    }

    private static UnaryOperator<Tensor[]> poison(String name, int index, float value) {
        return tensors -> Arrays.stream(tensors).map(t -> {
            if (!t.name().equals(name)) {
                return t;
            }
            float[] values = t.floats();
            values[index] = value;
            return Tensor.ofFloats(name, t.shape(), values);
        }).toArray(Tensor[]::new);
    }

    private static UnaryOperator<Tensor[]> replace(Tensor replacement) {
        return tensors -> Arrays.stream(tensors).map(t -> t.name().equals(replacement.name()) ? replacement : t)
                .toArray(Tensor[]::new);
    }

    /** Edits the golden checkpoint, reseals it (an intact container) and expects the decoder to reject it. */
    private static void assertRejected(Consumer<ObjectNode> editMetadata, UnaryOperator<Tensor[]> editTensors,
                                       String message) {
        Snapshot original = SnapshotCodec.decode(golden);
        ObjectNode meta = original.metadata();
        editMetadata.accept(meta);
        Snapshot.Builder builder = Snapshot.builder(original.kind()).metadata(meta);
        for (Tensor t : editTensors.apply(original.tensors().toArray(Tensor[]::new))) {
            builder.tensor(t);
        }
        byte[] edited = SnapshotCodec.encode(builder.build());
        assertThatThrownBy(() -> TrainerCheckpoint.decode(edited)).as(message)
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining(message);
    }
}
