package io.ddestream.engine.snapshot;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed, checked access to the fields of one object in a snapshot's metadata: a missing or mistyped field is a
 * {@link SnapshotFormatException} naming the field's path, never a default or a NullPointerException.
 *
 * @param path the object's path from the metadata root ("" for the root itself)
 */
public record MetadataFields(String path, JsonNode node) {

    /** The metadata root of a snapshot. */
    public static MetadataFields of(Snapshot snapshot) {
        return new MetadataFields("", snapshot.metadata());
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public JsonNode required(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new SnapshotFormatException("model metadata lacks '" + name(field) + "'");
        }
        return value;
    }

    public MetadataFields object(String field) {
        JsonNode value = required(field);
        if (!value.isObject()) {
            throw new SnapshotFormatException("model metadata: '" + name(field) + "' must be an object");
        }
        return new MetadataFields(name(field), value);
    }

    public double number(String field) {
        JsonNode value = required(field);
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new SnapshotFormatException("model metadata: '" + name(field)
                    + "' must be a finite number");
        }
        return value.asDouble();
    }

    public long integer(String field) {
        JsonNode value = required(field);
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new SnapshotFormatException("model metadata: '" + name(field) + "' must be an integer");
        }
        return value.asLong();
    }

    public int positiveInt(String field) {
        JsonNode value = required(field);
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new SnapshotFormatException("model metadata: '" + name(field)
                    + "' must be a positive integer");
        }
        return value.asInt();
    }

    public String text(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw new SnapshotFormatException("model metadata: '" + name(field) + "' must be a string");
        }
        return value.asText();
    }
}
