package io.ddestream.streaming;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates one JSON point, {@code {"id": "...", "features": [numbers] or {"name": number}, "ts":
 * epoch-ms}}, against the configured feature names; {@code id} and {@code ts} are optional, other fields are
 * ignored. A streaming parse (no tree): about a microsecond per point.
 *
 * <p>Every problem maps to one {@link RejectionReason}; NaN and infinities (including numbers beyond a double's
 * range) are {@link RejectionReason#NON_FINITE}, so nothing non-finite gets past here, and finite values beyond
 * {@link #MAX_MAGNITUDE} are {@link RejectionReason#HUGE_VALUE}. Thread-safe.
 */
public final class PointParser {

    /** The longest id accepted: ids are keys and appear in every score. */
    public static final int MAX_ID_LENGTH = 256;

    /**
     * The largest feature magnitude accepted. Far beyond any measurement, and small enough that sums of squares
     * of many such values stay finite (the warm-up's moments) and that the model's float64 point arithmetic does
     * not overflow for any sane standardizer.
     */
    public static final double MAX_MAGNITUDE = 1e100;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // NaN and Infinity parse as numbers, so that they are reported as non_finite, not as malformed.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final List<String> features;
    private final Map<String, Integer> featureIndex = new HashMap<>();
    private final int maxRecordBytes;

    /**
     * @param features       the feature names, in the order of the values the model sees
     * @param maxRecordBytes larger records are {@link RejectionReason#TOO_LARGE}
     */
    public PointParser(List<String> features, int maxRecordBytes) {
        if (features.isEmpty()) {
            throw new IllegalArgumentException("at least one feature name is needed");
        }
        for (int i = 0; i < features.size(); i++) {
            if (featureIndex.put(features.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate feature name '" + features.get(i) + "'");
            }
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("max record size must be positive, got " + maxRecordBytes);
        }
        this.features = List.copyOf(features);
        this.maxRecordBytes = maxRecordBytes;
    }

    public List<String> features() {
        return features;
    }

    /** The outcome of parsing one record: a point, or why there is none. */
    public sealed interface Result permits Valid, Invalid {
    }

    public record Valid(Point point) implements Result {
    }

    public record Invalid(RejectionReason reason, String detail) implements Result {
    }

    /**
     * Parses a record's value.
     *
     * @param defaultId        the id when the point has none (the caller passes the record's position, {@link PointIds})
     * @param defaultTimestamp the event time when the point has no {@code ts} (the record's timestamp)
     */
    public Result parse(byte[] value, String defaultId, long defaultTimestamp) {
        try {
            if (value == null || value.length == 0) {
                throw new Rejected(RejectionReason.MALFORMED_JSON, "empty record");
            }
            if (value.length > maxRecordBytes) {
                throw new Rejected(RejectionReason.TOO_LARGE, value.length + " bytes, the limit is " + maxRecordBytes);
            }
            try (JsonParser parser = JSON.createParser(value)) {
                return new Valid(point(parser, defaultId, defaultTimestamp));
            }
        } catch (Rejected e) {
            return new Invalid(e.reason, e.getMessage());
        } catch (JsonProcessingException e) {
            return new Invalid(RejectionReason.MALFORMED_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            return new Invalid(RejectionReason.MALFORMED_JSON, String.valueOf(e.getMessage()));
        }
    }

    private Point point(JsonParser parser, String defaultId, long defaultTimestamp) throws IOException, Rejected {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new Rejected(RejectionReason.MALFORMED_JSON, "a point must be a JSON object");
        }
        String id = defaultId;
        long timestamp = defaultTimestamp;
        double[] values = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_NULL && !field.equals("features")) {
                continue; // an explicit null id or ts means "absent"
            }
            switch (field) {
                case "id" -> id = id(parser, token);
                case "ts" -> timestamp = timestamp(parser, token);
                case "features" -> values = switch (token) {
                    case START_ARRAY -> featureArray(parser);
                    case START_OBJECT -> featureObject(parser);
                    case VALUE_NULL -> throw new Rejected(RejectionReason.MISSING_FEATURES, "features is null");
                    default -> throw new Rejected(RejectionReason.NON_NUMERIC,
                            "features must be an array of numbers or an object of name: number");
                };
                default -> parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw new Rejected(RejectionReason.MALFORMED_JSON, "content after the point's closing brace");
        }
        if (values == null) {
            throw new Rejected(RejectionReason.MISSING_FEATURES, "no features");
        }
        return new Point(id, values, timestamp);
    }

    private static String id(JsonParser parser, JsonToken token) throws IOException, Rejected {
        if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT) {
            throw new Rejected(RejectionReason.BAD_ID, "id must be a string or an integer");
        }
        String id = parser.getText();
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new Rejected(RejectionReason.BAD_ID,
                    "id must have 1 to " + MAX_ID_LENGTH + " characters, got " + id.length());
        }
        if (!wellFormed(id)) {
            // A JSON escape of a lone surrogate (backslash, u, d800) decodes to a char that has no UTF-8 encoding:
            // the score's key would become "?", colliding with every other such id and matching none.
            throw new Rejected(RejectionReason.BAD_ID, "id is not well-formed Unicode (a lone surrogate)");
        }
        int unprintable = firstUnprintable(id);
        if (unprintable >= 0) {
            // Ids are keys of dde.scores and land in logs, terminals and CSV files: a NUL, a newline, an escape
            // sequence or a right-to-left override there truncates, splits or disguises what a reader sees.
            throw new Rejected(RejectionReason.BAD_ID, String.format("id has a character that is not printable, "
                    + "U+%04X at index %d", id.codePointAt(unprintable), unprintable));
        }
        return id;
    }

    /**
     * The index of the first code point of {@code text} that is not printable, or -1. Printable is what Python's
     * {@code str.isprintable} means: not a control, format, private-use, surrogate or unassigned character (Unicode
     * category C), and not a separator (Z) other than the ASCII space.
     */
    static int firstUnprintable(String text) {
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            int c = text.codePointAt(i);
            if (c != ' ' && !printable(Character.getType(c))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean printable(int category) {
        return switch (category) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED,
                 Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static long timestamp(JsonParser parser, JsonToken token) throws IOException, Rejected {
        if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || parser.getLongValue() < 0) {
            throw new Rejected(RejectionReason.BAD_TIMESTAMP,
                    "ts must be a non-negative integer (epoch milliseconds), got " + truncate(parser.getText()));
        }
        return parser.getLongValue();
    }

    private double[] featureArray(JsonParser parser) throws IOException, Rejected {
        double[] values = new double[features.size()];
        int count = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (count < values.length) {
                values[count] = number(parser, token, "value " + count);
            } else {
                parser.skipChildren(); // only counted, for the message
            }
            count++;
        }
        if (count != values.length) {
            throw new Rejected(RejectionReason.WRONG_DIMENSION,
                    "expected " + values.length + " feature values " + features + ", got " + count);
        }
        return values;
    }

    /** The values of a features object, put in the configured order. */
    private double[] featureObject(JsonParser parser) throws IOException, Rejected {
        double[] values = new double[features.size()];
        boolean[] seen = new boolean[values.length];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            Integer index = featureIndex.get(name);
            if (index == null) {
                throw new Rejected(RejectionReason.UNKNOWN_FEATURE,
                        "unknown feature '" + truncate(name) + "'; the features are " + features);
            }
            values[index] = number(parser, token, "feature '" + name + "'");
            seen[index] = true;
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                throw new Rejected(RejectionReason.MISSING_FEATURES, "missing feature '" + features.get(i) + "'");
            }
        }
        return values;
    }

    private static double number(JsonParser parser, JsonToken token, String what) throws IOException, Rejected {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            String found = token == JsonToken.VALUE_STRING ? "\"" + truncate(parser.getText()) + "\""
                    : token.isStructStart() ? "a nested " + (token == JsonToken.START_ARRAY ? "array" : "object")
                    : parser.getText();
            throw new Rejected(RejectionReason.NON_NUMERIC, what + " is not a number: " + found);
        }
        double value = parser.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw new Rejected(RejectionReason.NON_FINITE, what + " is not finite: " + truncate(parser.getText()));
        }
        if (Math.abs(value) > MAX_MAGNITUDE) {
            throw new Rejected(RejectionReason.HUGE_VALUE, what + " is beyond +-" + MAX_MAGNITUDE + ": "
                    + truncate(parser.getText()));
        }
        return value;
    }

    private static String truncate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** A rejection on its way out of the parse; no stack trace (rejections are data, not bugs). */
    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient RejectionReason reason;

        Rejected(RejectionReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
