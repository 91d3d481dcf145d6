package io.ddestream.streaming;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PointJsonTest {

    private final Serde<Point> serde = PointJson.serde();

    @Test
    void shouldRoundTripAPointExactly() {
        Point point = new Point("p\"1", new double[] {0.1, -1e-300, 123456789.123456789}, 17L);
        byte[] bytes = serde.serializer().serialize("t", point);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(point);
    }

    @Test
    void shouldMapNullToNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldRejectWhatIsNotACanonicalPoint() {
        assertThatThrownBy(() -> PointJson.read("{\"id\":\"a\",\"features\":[1,\"x\"],\"ts\":1}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> PointJson.read("{\"id\":\"a\",\"features\":[1]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> PointJson.read("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }
}
