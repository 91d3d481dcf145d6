package io.ddestream.streaming;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The compact binary form of a validated {@link Point}, what the trainer's validated-points topic carries between
 * its two sub-topologies: the values travel as the float64 bits the validator parsed, so the trainer reads them
 * without parsing text again. Internal to the trainer: no other application reads or writes that topic, and the
 * layout may change with any build (a reader accepts its own tag and the canonical JSON of older builds).
 *
 * <p>Layout, little-endian: tag {@value #TAG} (1 byte), event time (int64), id length n (int32), id (n bytes of
 * UTF-8), value count d (int32), values (d float64). Reading checks every length against the bytes that remain and
 * that every value is finite; a record that does not fit fails with a {@link SerializationException}. A record
 * that starts with {@code '{'} is the canonical JSON ({@link PointJson}) of a build before this form, left on the
 * topic by an upgrade, and is read as such.
 */
public final class PointBinary {

    /** The first byte of this form; never {@code '{'}, the first byte of the JSON form. */
    static final byte TAG = 1;
    private static final byte JSON_START = '{';
    private static final int FIXED_BYTES = 1 + Long.BYTES + Integer.BYTES + Integer.BYTES;

    private PointBinary() {
    }

    public static Serde<Point> serde() {
        return Serdes.serdeFrom((topic, point) -> point == null ? null : write(point),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    public static byte[] write(Point point) {
        byte[] id = point.id().getBytes(StandardCharsets.UTF_8);
        double[] values = point.features();
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + id.length + Double.BYTES * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(TAG).putLong(point.timestamp()).putInt(id.length).put(id).putInt(values.length);
        out.asDoubleBuffer().put(values);
        return out.array();
    }

    public static Point read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == JSON_START) {
            return PointJson.read(bytes);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            expect(in.get() == TAG, "unknown tag " + bytes[0]);
            long timestamp = in.getLong();
            expect(timestamp >= 0, "negative event time");
            int idLength = in.getInt();
            expect(idLength >= 0 && idLength <= in.remaining() - Integer.BYTES, "id length out of range");
            String id = new String(bytes, in.position(), idLength, StandardCharsets.UTF_8);
            in.position(in.position() + idLength);
            int count = in.getInt();
            expect(count >= 0 && (long) count * Double.BYTES == in.remaining(), "value count does not fit the record");
            double[] values = new double[count];
            in.asDoubleBuffer().get(values);
            for (double value : values) {
                expect(Double.isFinite(value), "a feature value is not finite");
            }
            return new Point(id, values, timestamp);
        } catch (BufferUnderflowException e) {
            throw new SerializationException("not a binary point: truncated", e);
        }
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new SerializationException("not a binary point: " + problem);
        }
    }
}
