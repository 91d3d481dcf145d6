package io.ddestream.engine.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratorModelCodecTest {

    private static DensityModel data;
    private static GeneratorModel generator;

    @BeforeAll
    static void trainSmallModels() {
        double[][] rows = DataModels.correlatedGaussian(2000, 0.5, new Random(1));
        data = DataModels.fit(rows, 30);
        generator = GeneratorFitter.fit(data, Support.of(rows, data.standardizer()), new GeneratorFitter.Settings(new GeneratorConfig(8, 2, 64, 1e-3, 2, 4),
                5, 500, 0, "test"), GeneratorFitter.Progress.NONE);
    }

    @Test
    void aModelFileKeepsTheGeneratorAndItsKlEstimate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.ddesnap");
        GeneratorModelCodec.write(file, data, generator);

        GeneratorModel read = GeneratorModelCodec.read(file).orElseThrow();

        assertThat(read.network().parameters()).isEqualTo(generator.network().parameters());
        assertThat(read.network().shape()).isEqualTo(generator.network().shape());
        assertThat(read.features()).isEqualTo(data.features());
        assertThat(read.sigma()).isEqualTo(data.sigma());
        assertThat(read.provenance()).isEqualTo(generator.provenance());
        assertThat(read.kl()).isEqualTo(generator.kl());
        assertThat(read.sample(100, 7)).isDeepEqualTo(generator.sample(100, 7));
    }

    @Test
    void theDensityPartStaysReadableByDensityReaders() {
        Snapshot snapshot = GeneratorModelCodec.toSnapshot(data, generator);

        DensityModel density = DensityModelCodec.fromSnapshot(snapshot);

        assertThat(density.network().parameters()).isEqualTo(data.network().parameters());
        assertThat(density.logPartition()).isEqualTo(data.logPartition());
    }

    @Test
    void aModelFittedWithoutGeneratorHasNone() {
        assertThat(GeneratorModelCodec.fromSnapshot(DensityModelCodec.toSnapshot(data))).isEmpty();
    }

    @Test
    void rejectsGeneratorMetadataWithoutItsParameters() {
        Snapshot snapshot = rebuild(meta -> { }, tensors -> Arrays.stream(tensors)
                .filter(t -> !t.name().equals(GeneratorModelCodec.PARAMETERS)).toArray(Tensor[]::new));

        assertThatThrownBy(() -> GeneratorModelCodec.fromSnapshot(snapshot))
                .isInstanceOf(SnapshotFormatException.class).hasMessage("missing tensor 'generator.parameters'");
    }

    @Test
    void rejectsParametersWithoutGeneratorMetadata() {
        Snapshot snapshot = rebuild(meta -> meta.remove(GeneratorModelCodec.METADATA), UnaryOperator.identity());

        assertThatThrownBy(() -> GeneratorModelCodec.fromSnapshot(snapshot))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("'generator' must be an object");
    }

    @Test
    void rejectsParametersThatDoNotFitTheNetwork() {
        Snapshot snapshot = rebuild(meta -> generatorOf(meta).put("width", 9), UnaryOperator.identity());

        assertThatThrownBy(() -> GeneratorModelCodec.fromSnapshot(snapshot))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("generator.parameters");
    }

    @Test
    void rejectsNonFiniteParameters() {
        Snapshot snapshot = rebuild(meta -> { }, tensors -> Arrays.stream(tensors).map(t -> {
            if (!t.name().equals(GeneratorModelCodec.PARAMETERS)) {
                return t;
            }
            float[] values = t.floats();
            values[3] = Float.NaN;
            return Tensor.ofFloats(t.name(), t.shape(), values);
        }).toArray(Tensor[]::new));

        assertThatThrownBy(() -> GeneratorModelCodec.fromSnapshot(snapshot))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage("generator.parameters holds a non-finite value");
    }

    @Test
    void rejectsMissingOrMistypedFieldsNamingThem() {
        Snapshot noKl = rebuild(meta -> ((ObjectNode) generatorOf(meta).get("kl")).remove("value"),
                UnaryOperator.identity());
        Snapshot textSteps = rebuild(meta -> generatorOf(meta).put("steps", "many"), UnaryOperator.identity());
        Snapshot zeroDepth = rebuild(meta -> generatorOf(meta).put("depth", 0), UnaryOperator.identity());

        assertThatThrownBy(() -> GeneratorModelCodec.fromSnapshot(noKl))
                .isInstanceOf(SnapshotFormatException.class).hasMessage("model metadata lacks 'generator.kl.value'");
        assertThatThrownBy(() -> GeneratorModelCodec.fromSnapshot(textSteps))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("'generator.steps' must be an integer");
        assertThatThrownBy(() -> GeneratorModelCodec.fromSnapshot(zeroDepth))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("'generator.depth' must be a positive");
    }

    @Test
    void survivesTheBinaryEncoding() {
        Snapshot snapshot = GeneratorModelCodec.toSnapshot(data, generator);

        Snapshot decoded = SnapshotCodec.decode(SnapshotCodec.encode(snapshot));

        assertThat(GeneratorModelCodec.fromSnapshot(decoded).orElseThrow().kl()).isEqualTo(generator.kl());
    }

    private static ObjectNode generatorOf(ObjectNode meta) {
        return (ObjectNode) meta.get(GeneratorModelCodec.METADATA);
    }

    /** The snapshot of data and generator, with its metadata edited and its tensors replaced. */
    private static Snapshot rebuild(Consumer<ObjectNode> editMetadata, UnaryOperator<Tensor[]> editTensors) {
        Snapshot original = GeneratorModelCodec.toSnapshot(data, generator);
        ObjectNode meta = original.metadata();
        editMetadata.accept(meta);
        Snapshot.Builder builder = Snapshot.builder(original.kind()).metadata(meta);
        for (Tensor t : editTensors.apply(original.tensors().toArray(Tensor[]::new))) {
            builder.tensor(t);
        }
        return builder.build();
    }
}
