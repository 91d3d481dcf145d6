package io.ddestream.streaming;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The validated-points topic's compact form: exact round trips, the canonical JSON of earlier builds still read,
 * and a record that does not fit (truncated, padded, foreign, non-finite) rejected rather than guessed at.
 */
class PointBinaryTest {

    private final Serde<Point> serde = PointBinary.serde();

    @Test
    void shouldRoundTripAPointBitForBit() {
        Point point = new Point("p\"1-é-😀", new double[] {0.1, -1e-300, 123456789.123456789, -0.0, Double.MIN_VALUE,
                -Double.MAX_VALUE}, 1_700_000_000_000L);
        byte[] bytes = serde.serializer().serialize("t", point);

        Point read = serde.deserializer().deserialize("t", bytes);

        assertThat(read).isEqualTo(point);
        assertThat(Double.doubleToRawLongBits(read.features()[3])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(bytes).hasSize(1 + 8 + 4 + point.id().getBytes(StandardCharsets.UTF_8).length + 4 + 6 * 8);
    }

    @Test
    void shouldMapNullToNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldReadTheCanonicalJsonThatEarlierBuildsWroteOnTheTopic() {
        Point point = new Point("p-3", new double[] {1.5, -2.25}, 17L);

        assertThat(PointBinary.read(PointJson.write(point))).isEqualTo(point);
    }

    @Test
    void shouldRejectWhatIsNotABinaryPoint() {
        byte[] good = PointBinary.write(new Point("p", new double[] {1, 2}, 5L));

        assertRejected(new byte[0], "truncated");
        assertRejected(Arrays.copyOf(good, good.length - 1), "value count does not fit");
        assertRejected(Arrays.copyOf(good, good.length + 8), "value count does not fit");
        assertRejected(Arrays.copyOf(good, 10), "truncated");
        byte[] foreign = good.clone();
        foreign[0] = 7;
        assertRejected(foreign, "unknown tag 7");
        assertRejected(withDouble(good, 1, Double.NaN), "not finite");
        assertRejected(withDouble(good, 0, Double.NEGATIVE_INFINITY), "not finite");
        byte[] hugeId = good.clone();
        ByteBuffer.wrap(hugeId).order(ByteOrder.LITTLE_ENDIAN).putInt(9, Integer.MAX_VALUE);
        assertRejected(hugeId, "id length out of range");
        byte[] negativeTime = good.clone();
        ByteBuffer.wrap(negativeTime).order(ByteOrder.LITTLE_ENDIAN).putLong(1, -1);
        assertRejected(negativeTime, "negative event time");
        assertThatThrownBy(() -> PointBinary.read("{\"id\":\"a\",\"features\":[1]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a canonical point");
    }

    /** The record with its {@code index}-th value replaced (the values are its last bytes). */
    private static byte[] withDouble(byte[] record, int index, double value) {
        byte[] out = record.clone();
        int values = out.length - 2 * Double.BYTES;
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putDouble(values + index * Double.BYTES, value);
        return out;
    }

    private static void assertRejected(byte[] bytes, String message) {
        assertThatThrownBy(() -> PointBinary.read(bytes)).as(message).isInstanceOf(SerializationException.class)
                .hasMessageContaining(message);
    }
}
