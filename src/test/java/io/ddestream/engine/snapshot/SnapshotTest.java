package io.ddestream.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    @Test
    void shouldKeepTensorsInInsertionOrder() {
        Snapshot snapshot = Snapshot.builder("k")
                .tensor("b", new int[] {1}, new float[] {1})
                .tensor("a", new int[] {1}, new float[] {2})
                .tensor("c", new int[] {1}, new float[] {3})
                .build();

        assertThat(snapshot.tensors()).extracting(Tensor::name).containsExactly("b", "a", "c");
    }

    @Test
    void shouldLookUpTensorByName() {
        Tensor bias = Fixtures.small().tensor("layer0.bias");

        assertThat(bias.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(bias.doubles()).containsExactly(0.5, -0.5, 0.25);
    }

    @Test
    void shouldRejectLookupOfMissingTensor() {
        assertThatThrownBy(() -> Fixtures.small().tensor("layer9.weight"))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage("missing tensor 'layer9.weight'");
    }

    @Test
    void shouldRejectUnexpectedKind() {
        Snapshot snapshot = Fixtures.small();

        assertThat(snapshot.expectKind("dde.density-model")).isSameAs(snapshot);
        assertThatThrownBy(() -> snapshot.expectKind("dde.generator-model"))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage("expected a 'dde.generator-model' snapshot, got 'dde.density-model'");
    }

    @Test
    void shouldRejectUnexpectedShape() {
        Tensor weight = Fixtures.small().tensor("layer0.weight");

        assertThat(weight.expectShape(2, 3)).isSameAs(weight);
        assertThatThrownBy(() -> weight.expectShape(3, 2))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage("tensor 'layer0.weight' has shape [2, 3], expected [3, 2]");
    }

    @Test
    void shouldRejectReadingElementsAsTheOtherType() {
        Snapshot snapshot = Fixtures.small();

        assertThatThrownBy(() -> snapshot.tensor("layer0.weight").doubles())
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage("tensor 'layer0.weight' holds FLOAT32 elements, expected FLOAT64");
        assertThatThrownBy(() -> snapshot.tensor("layer0.bias").floats())
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage("tensor 'layer0.bias' holds FLOAT64 elements, expected FLOAT32");
    }

    @Test
    void shouldNotShareArraysWithCallers() {
        int[] shape = {2};
        float[] data = {1, 2};
        Tensor tensor = Tensor.ofFloats("w", shape, data);

        shape[0] = 7;
        data[0] = 7;
        tensor.shape()[0] = 9;
        tensor.floats()[0] = 9;

        assertThat(tensor.shape()).containsExactly(2);
        assertThat(tensor.floats()).containsExactly(1, 2);
    }

    @Test
    void shouldNotShareMetadataWithCallers() {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("sigma", 0.1);
        Snapshot snapshot = Snapshot.builder("k").metadata(metadata).build();

        metadata.put("sigma", 7.0);
        snapshot.metadata().put("sigma", 9.0);

        assertThat(snapshot.metadata().get("sigma").doubleValue()).isEqualTo(0.1);
    }

    @Test
    void shouldTreatEmptyShapeAsScalar() {
        Tensor scalar = Tensor.ofDoubles("logZ", new int[0], new double[] {-3.5});

        assertThat(scalar.rank()).isZero();
        assertThat(scalar.size()).isEqualTo(1);
    }

    @Test
    void shouldRejectDataThatDoesNotMatchShape() {
        assertThatThrownBy(() -> Tensor.ofFloats("w", new int[] {3, 4}, new float[10]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor 'w' has 10 elements but shape [3, 4] needs 12");
    }

    @Test
    void shouldRejectInvalidTensors() {
        assertThatThrownBy(() -> Tensor.ofFloats("", new int[] {1}, new float[1]))
                .hasMessage("tensor name is empty");
        assertThatThrownBy(() -> Tensor.ofFloats("w", new int[9], new float[0]))
                .hasMessage("tensor 'w' has rank 9, more than 8");
        assertThatThrownBy(() -> Tensor.ofFloats("w", new int[] {-1}, new float[0]))
                .hasMessage("tensor 'w' has a negative dimension in shape [-1]");
        assertThatThrownBy(() -> Tensor.ofFloats("w", new int[] {1 << 16, 1 << 16}, new float[0]))
                .hasMessage("tensor 'w' shape [65536, 65536] has more than 2147483647 elements");
        assertThatThrownBy(() -> Tensor.ofFloats("\ud800", new int[] {1}, new float[1]))
                .hasMessage("tensor name is not valid Unicode");
    }

    @Test
    void shouldCountZeroElementsWhenAnyDimensionIsZero() {
        int huge = Integer.MAX_VALUE;

        assertThat(Tensor.ofFloats("empty", new int[] {huge, huge, 0}, new float[0]).size()).isZero();
    }

    @Test
    void shouldRejectDuplicateTensorNames() {
        Snapshot.Builder builder = Snapshot.builder("k").tensor("w", new int[] {1}, new float[1]);

        assertThatThrownBy(() -> builder.tensor("w", new int[] {1}, new double[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate tensor 'w'");
    }

    @Test
    void shouldRejectBlankKind() {
        assertThatThrownBy(() -> Snapshot.builder(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshot kind is blank");
    }

    @Test
    void shouldCompareByContent() {
        assertThat(Fixtures.small()).isEqualTo(Fixtures.small()).hasSameHashCodeAs(Fixtures.small());
        assertThat(Fixtures.small()).isNotEqualTo(Snapshot.builder("dde.density-model").build());
    }
}
