package io.ddestream.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    private static Snapshot roundTrip(Snapshot snapshot) {
        return SnapshotCodec.decode(SnapshotCodec.encode(snapshot));
    }

    @Test
    void shouldRoundTripFloatAndDoubleTensors() {
        float[] floats = {0f, -0f, 1.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
                Float.NEGATIVE_INFINITY};
        double[] doubles = {Math.PI, -Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, 1e-300};
        Snapshot snapshot = Snapshot.builder("dde.density-model")
                .tensor("f", new int[] {7}, floats)
                .tensor("d", new int[] {2, 3}, doubles)
                .build();

        Snapshot decoded = roundTrip(snapshot);

        assertThat(decoded).isEqualTo(snapshot);
        assertThat(decoded.tensor("f").floats()).isEqualTo(floats);
        assertThat(decoded.tensor("d").expectShape(2, 3).doubles()).isEqualTo(doubles);
    }

    @Test
    void shouldPreserveKindAndMetadata() {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.putObject("config").put("sigma", 0.1).put("layers", 3).put("name", "dde ∂ü");
        metadata.putArray("features").add("latency_ms").add("bytes");
        metadata.put("logZ", -123.456789012345);
        metadata.putNull("parent");
        Snapshot snapshot = Snapshot.builder("dde.generator-model").metadata(metadata).build();

        Snapshot decoded = roundTrip(snapshot);

        assertThat(decoded.kind()).isEqualTo("dde.generator-model");
        assertThat(decoded.metadata()).isEqualTo(metadata);
    }

    @Test
    void shouldPreserveTensorOrder() {
        Snapshot snapshot = Snapshot.builder("k")
                .tensor("z", new int[] {1}, new float[] {1})
                .tensor("a", new int[] {1}, new double[] {2})
                .tensor("m", new int[] {1}, new float[] {3})
                .build();

        assertThat(roundTrip(snapshot).tensors()).extracting(Tensor::name).containsExactly("z", "a", "m");
    }

    @Test
    void shouldRoundTripSnapshotWithoutTensors() {
        Snapshot snapshot = Snapshot.builder("dde.empty").build();

        Snapshot decoded = roundTrip(snapshot);

        assertThat(decoded).isEqualTo(snapshot);
        assertThat(decoded.tensors()).isEmpty();
        assertThat(decoded.metadata()).isEmpty();
    }

    @Test
    void shouldRoundTripScalarsAndEmptyTensors() {
        Snapshot snapshot = Snapshot.builder("k")
                .tensor("logZ", new int[0], new double[] {-2.5})
                .tensor("none", new int[] {0, 5}, new float[0])
                .tensor("naïve/名前", new int[] {1, 1, 1, 1, 1, 1, 1, 1}, new float[] {4})
                .build();

        assertThat(roundTrip(snapshot)).isEqualTo(snapshot);
    }

    @Test
    void shouldRoundTripMillionElementTensor() {
        float[] weights = new float[1 << 20];
        Random random = new Random(42);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian();
        }
        Snapshot snapshot = Snapshot.builder("k").tensor("w", new int[] {1024, 1024}, weights).build();

        byte[] encoded = SnapshotCodec.encode(snapshot);

        assertThat(encoded.length).isBetween(4 << 20, (4 << 20) + 100);
        assertThat(SnapshotCodec.decode(encoded).tensor("w").floats()).isEqualTo(weights);
    }

    @Test
    void shouldEncodeDeterministically() {
        assertThat(SnapshotCodec.encode(Fixtures.small())).isEqualTo(SnapshotCodec.encode(Fixtures.small()));
    }
}
