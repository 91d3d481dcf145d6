package io.ddestream.streaming;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The canonical JSON of a validated {@link Point}, {@code {"id":"...","features":[...],"ts":...}}, with the values
 * in the configured feature order: a valid record of the points topic, and what the validated-points topic carried
 * before {@link PointBinary} (whose reader still accepts it). Reading it back checks the shape and that every value
 * is finite, not the feature names (the validator did that); a record that does not fit fails with a
 * {@link SerializationException}.
 */
public final class PointJson {

    private static final JsonFactory JSON = new JsonFactory();

    private PointJson() {
    }

    public static Serde<Point> serde() {
        return Serdes.serdeFrom((topic, point) -> point == null ? null : write(point),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    public static byte[] write(Point point) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 24 * point.features().length);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", point.id());
            json.writeArrayFieldStart("features");
            for (double value : point.features()) {
                json.writeNumber(value);
            }
            json.writeEndArray();
            json.writeNumberField("ts", point.timestamp());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory: cannot happen
        }
        return out.toByteArray();
    }

    public static Point read(byte[] bytes) {
        try (JsonParser parser = JSON.createParser(bytes)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            String id = null;
            double[] features = null;
            long ts = -1;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "id" -> {
                        expect(token == JsonToken.VALUE_STRING, "id is not a string");
                        id = parser.getText();
                    }
                    case "ts" -> {
                        expect(token == JsonToken.VALUE_NUMBER_INT, "ts is not an integer");
                        ts = parser.getLongValue();
                    }
                    case "features" -> {
                        expect(token == JsonToken.START_ARRAY, "features is not an array");
                        features = readValues(parser);
                    }
                    default -> parser.skipChildren();
                }
            }
            expect(id != null && features != null && ts >= 0, "lacks id, features or ts");
            return new Point(id, features, ts);
        } catch (IOException e) {
            throw new SerializationException("not a canonical point: " + e.getMessage(), e);
        }
    }

    private static double[] readValues(JsonParser parser) throws IOException {
        double[] values = new double[8];
        int n = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            expect(token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT,
                    "a feature value is not a number");
            double value = parser.getDoubleValue();
            expect(Double.isFinite(value), "a feature value is not finite");
            if (n == values.length) {
                values = Arrays.copyOf(values, 2 * n);
            }
            values[n++] = value;
        }
        return Arrays.copyOf(values, n);
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new SerializationException("not a canonical point: " + problem);
        }
    }
}
