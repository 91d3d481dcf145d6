package io.ddestream.engine.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.nn.GeneratorNetwork;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The generator checkpoint format: a file written by an earlier build still reads (and re-encodes byte for byte
 * while the writer is at format version 1), a checkpoint survives the round trip, and a bad one is rejected with
 * a message naming what is wrong.
 */
class GeneratorCheckpointTest {

    private static byte[] golden;

    @BeforeAll
    static void readGolden() throws IOException {
        try (InputStream in = GeneratorCheckpointTest.class.getResourceAsStream(
                "/model/generator-checkpoint-v1.ddesnap")) {
            golden = in.readAllBytes();
        }
    }

    @Test
    void shouldReadACheckpointWrittenByAnEarlierBuild() {
        // Written by the first build of the format: a 2-d generator of width 4, depth 1, after 3 steps, whose s_q
        // has width 4, depth 1; values printed by that build.
        GeneratorCheckpoint checkpoint = GeneratorCheckpoint.decode(golden);

        assertThat(checkpoint.features()).containsExactly("x", "y");
        assertThat(checkpoint.version()).isEqualTo(4);
        assertThat(checkpoint.dataModelVersion()).isEqualTo(9);
        assertThat(checkpoint.sigma()).isEqualTo(0.2);
        assertThat(checkpoint.standardizer().mean()).containsExactly(2.982696931377942, -1.0037980637173531);
        assertThat(checkpoint.config()).isEqualTo(new GeneratorConfig(4, 1, 32, 1e-3, 2, 7));
        assertThat(checkpoint.state().steps()).isEqualTo(3);
        assertThat(checkpoint.state().sq().steps()).isEqualTo(6);
        assertThat(checkpoint.state().parameters().getFloat(0)).isEqualTo(1.3468165f);
        assertThat(checkpoint.state().averagedParameters().getFloat(0)).isEqualTo(1.3465719f);
        assertThat(checkpoint.state().sq().parameters().getFloat(0)).isEqualTo(0.55027527f);
        assertThat(checkpoint.kl().orElseThrow().value()).isEqualTo(1.206064048516466);
        assertThat(checkpoint.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(checkpoint.build()).isEqualTo("golden-v1");
        float[] generated = GeneratorNetwork.fromParameters(checkpoint.state().shape(),
                        checkpoint.state().averagedParameters().dup())
                .generate(Nd4j.create(new float[][] {{0.5f, -1f}})).toFloatVector();
        assertThat(generated[0]).isCloseTo(0.4961f, within(1e-4f));
        assertThat(generated[1]).isCloseTo(-0.9953f, within(1e-4f));
        assertThat(checkpoint.encode()).isEqualTo(golden);
    }

    @Test
    void shouldSurviveTheRoundTripWithoutAKlEstimate() {
        GeneratorCheckpoint original = GeneratorCheckpoint.decode(golden);
        GeneratorCheckpoint withoutKl = new GeneratorCheckpoint(original.features(), original.standardizer(),
                original.sigma(), original.config(), original.state(), 5, 10, Optional.empty(),
                original.createdAt(), "test");

        GeneratorCheckpoint read = GeneratorCheckpoint.decode(withoutKl.encode());

        assertThat(read.kl()).isEmpty();
        assertThat(read.version()).isEqualTo(5);
        assertThat(read.state().optimizerState()).isEqualTo(original.state().optimizerState());
        assertThat(read.state().sq().averagedParameters()).isEqualTo(original.state().sq().averagedParameters());
    }

    @Test
    void shouldRejectASnapshotOfAnotherKind() {
        GeneratorCheckpoint checkpoint = GeneratorCheckpoint.decode(golden);
        Snapshot foreign = Snapshot.builder(DensityModelCodec.KIND).metadata(checkpoint.toSnapshot().metadata())
                .build();

        assertThatThrownBy(() -> GeneratorCheckpoint.fromSnapshot(foreign))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage("expected a 'dde.generator-checkpoint' snapshot, got 'dde.density-model'");
    }

    @Test
    void shouldRejectCorruptBytes() {
        byte[] corrupt = golden.clone();
        corrupt[corrupt.length / 2] ^= 1;

        assertThatThrownBy(() -> GeneratorCheckpoint.decode(corrupt)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void shouldRejectMissingMistypedOrInconsistentFieldsNamingThem() {
        assertRejected(meta -> meta.remove("steps"), UnaryOperator.identity(), "lacks 'steps'");
        assertRejected(meta -> ((ObjectNode) meta.get("sq")).put("width", "wide"), UnaryOperator.identity(),
                "'sq.width' must be a positive integer");
        assertRejected(meta -> ((ObjectNode) meta.get("generator")).put("width", 5), UnaryOperator.identity(),
                "generator.parameters");
        assertRejected(meta -> meta.put("version", 0), UnaryOperator.identity(), "versions must be >= 1");
        assertRejected(meta -> meta.put("sigma", -1), UnaryOperator.identity(), "sigma must be a positive");
        assertRejected(meta -> meta.put("created_at", "yesterday"), UnaryOperator.identity(),
                "inconsistent generator checkpoint");
        assertRejected(meta -> ((ObjectNode) meta.get("kl")).remove("log_z_q"), UnaryOperator.identity(),
                "lacks 'kl.log_z_q'");
    }

    @Test
    void shouldRejectMissingOrNonFiniteTensors() {
        assertRejected(meta -> { }, tensors -> Arrays.stream(tensors)
                .filter(t -> !t.name().equals("sq.optimizer")).toArray(Tensor[]::new), "missing tensor 'sq.optimizer'");
        assertRejected(meta -> { }, tensors -> Arrays.stream(tensors).map(t -> {
            if (!t.name().equals("generator.averaged")) {
                return t;
            }
            float[] values = t.floats();
            values[1] = Float.POSITIVE_INFINITY;
            return Tensor.ofFloats(t.name(), t.shape(), values);
        }).toArray(Tensor[]::new), "generator.averaged holds a non-finite value");
        assertRejected(meta -> { }, tensors -> Arrays.stream(tensors).map(t -> {
            if (!t.name().equals("standardizer.std")) {
                return t;
            }
            return Tensor.ofDoubles(t.name(), t.shape(), new double[] {1, 0});
        }).toArray(Tensor[]::new), "standardizer.std must be positive");
    }

    @Test
    void shouldRefuseToBuildACheckpointWhosePartsDisagree() {
        GeneratorCheckpoint c = GeneratorCheckpoint.decode(golden);

        assertThatThrownBy(() -> new GeneratorCheckpoint(List.of("x"), c.standardizer(), c.sigma(), c.config(),
                c.state(), 1, 0, Optional.empty(), c.createdAt(), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension");
        assertThatThrownBy(() -> new GeneratorCheckpoint(c.features(), c.standardizer(), c.sigma(),
                new GeneratorConfig(8, 1, 32, 1e-3, 2, 7), c.state(), 1, 0, Optional.empty(), c.createdAt(), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configured width 8");
    }

    private static void assertRejected(Consumer<ObjectNode> editMetadata, UnaryOperator<Tensor[]> editTensors,
                                       String message) {
        Snapshot original = SnapshotCodec.decode(golden);
        ObjectNode meta = original.metadata();
        editMetadata.accept(meta);
        Snapshot.Builder builder = Snapshot.builder(original.kind()).metadata(meta);
        for (Tensor t : editTensors.apply(original.tensors().toArray(Tensor[]::new))) {
            builder.tensor(t);
        }
        Snapshot edited = builder.build();
        assertThatThrownBy(() -> GeneratorCheckpoint.fromSnapshot(edited)).as(message)
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> GeneratorCheckpoint.decode(SnapshotCodec.encode(edited))).as(message)
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining(message);
    }
}
