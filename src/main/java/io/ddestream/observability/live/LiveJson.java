package io.ddestream.observability.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ddestream.engine.density.Score;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON the live page reads. Numbers that are not finite are written as {@code null} (JSON has no NaN);
 * coordinates and grid values as 32-bit floats, which is all a plot needs.
 *
 * <p>{@code GET /api/live?x=NAME&y=NAME} ({@link #snapshot}):
 * <pre>
 * {"features":["x","y"],"x":"x","y":"y","now":1700000000000,
 *  "model":{"version":12,"steps":6000,"trainingPoints":9000,"logZ":1.2,"logZStandardError":0.01,
 *           "effectiveSampleSize":4100.5,"sigma":0.1,"threshold":7.9,"falseAlarmRate":0.01,"createdAt":...,
 *           "provisional":false} or null,
 *  "rates":{"points":500.0,"scores":500.0,"anomalies":10.1,"samples":0.0},
 *  "totals":{"points":..,"scores":..,"anomalies":..,"samples":..,"rejected":..},
 *  "points":[{"x":1.2,"y":-0.3,"status":"normal|anomaly|unscored"},...],
 *  "samples":[[0.9,1.1],...],
 *  "histogram":{"lo":-2.1,"hi":9.8,"counts":[...],"anomalies":[...],"threshold":7.9 or null,"scored":5000,
 *               "outOfRange":0},
 *  "anomalies":[{"id":"anomaly-17","ts":...,"status":"scored|out_of_range","anomalyScore":9.3 or null,
 *                "pValue":0.0002 or null,"modelVersion":12,"features":{"x":5.1,"y":-4.0} or null,
 *                "explanation":[{"feature":"x","direction":"high","weight":0.71},...]},...]}
 * </pre>
 *
 * <p>{@code GET /api/density?x=NAME&y=NAME&size=N} ({@link #density}): {@code {"available":false}} before the
 * first model, else
 * <pre>
 * {"available":true,"modelVersion":12,"x":"x","y":"y","size":64,"xMin":..,"xMax":..,"yMin":..,"yMax":..,
 *  "slice":{"x":0.0,"y":0.0,...},"threshold":7.9,"min":-30.2,"max":-1.4,"logDensity":[...size*size, row-major,
 *  rows upwards in y, null where it overflowed]}
 * </pre>
 */
public final class LiveJson {

    private static final JsonFactory JSON = new JsonFactory();

    private LiveJson() {
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory: cannot happen
        }
        return out.toByteArray();
    }

    public static byte[] snapshot(LiveSnapshot s) {
        return write(json -> {
            List<String> features = s.features();
            json.writeStartObject();
            json.writeArrayFieldStart("features");
            for (String f : features) {
                json.writeString(f);
            }
            json.writeEndArray();
            json.writeStringField("x", features.get(s.x()));
            json.writeStringField("y", features.get(s.y()));
            json.writeNumberField("now", s.nowMillis());
            writeModel(json, s.model());
            json.writeObjectFieldStart("rates");
            number(json, "points", s.rates().points());
            number(json, "scores", s.rates().scores());
            number(json, "anomalies", s.rates().anomalies());
            number(json, "samples", s.rates().samples());
            json.writeEndObject();
            json.writeObjectFieldStart("totals");
            json.writeNumberField("points", s.totals().points());
            json.writeNumberField("scores", s.totals().scores());
            json.writeNumberField("anomalies", s.totals().anomalies());
            json.writeNumberField("samples", s.totals().samples());
            json.writeNumberField("rejected", s.totals().rejected());
            json.writeEndObject();
            json.writeArrayFieldStart("points");
            for (LiveSnapshot.PlotPoint p : s.points()) {
                json.writeStartObject();
                coordinate(json, "x", p.x());
                coordinate(json, "y", p.y());
                json.writeStringField("status", p.status().label());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("samples");
            for (double[] sample : s.samples()) {
                json.writeStartArray();
                coordinate(json, sample[0]);
                coordinate(json, sample[1]);
                json.writeEndArray();
            }
            json.writeEndArray();
            writeHistogram(json, s.histogram());
            json.writeArrayFieldStart("anomalies");
            for (LiveSnapshot.Anomaly a : s.anomalies()) {
                writeAnomaly(json, a, features);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void writeModel(JsonGenerator json, LiveSnapshot.ModelSummary m) throws IOException {
        if (m == null) {
            json.writeNullField("model");
            return;
        }
        json.writeObjectFieldStart("model");
        json.writeNumberField("version", m.version());
        json.writeNumberField("steps", m.steps());
        json.writeNumberField("trainingPoints", m.trainingPoints());
        number(json, "logZ", m.logZ());
        number(json, "logZStandardError", m.logZStandardError());
        number(json, "effectiveSampleSize", m.effectiveSampleSize());
        number(json, "sigma", m.sigma());
        number(json, "threshold", m.threshold());
        number(json, "falseAlarmRate", m.falseAlarmRate());
        json.writeNumberField("createdAt", m.createdAtMillis());
        json.writeBooleanField("provisional", m.provisional());
        json.writeEndObject();
    }

    private static void writeHistogram(JsonGenerator json, LiveSnapshot.Histogram h) throws IOException {
        json.writeObjectFieldStart("histogram");
        number(json, "lo", h.lo());
        number(json, "hi", h.hi());
        json.writeArrayFieldStart("counts");
        for (long c : h.counts()) {
            json.writeNumber(c);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("anomalies");
        for (long c : h.anomalies()) {
            json.writeNumber(c);
        }
        json.writeEndArray();
        number(json, "threshold", h.threshold());
        json.writeNumberField("scored", h.scored());
        json.writeNumberField("outOfRange", h.outOfRange());
        json.writeEndObject();
    }

    private static void writeAnomaly(JsonGenerator json, LiveSnapshot.Anomaly a, List<String> features)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("id", a.id());
        json.writeNumberField("ts", a.timestamp());
        json.writeStringField("status", a.status());
        number(json, "anomalyScore", a.anomalyScore() == null ? Double.NaN : a.anomalyScore());
        number(json, "pValue", a.pValue() == null ? Double.NaN : a.pValue());
        json.writeNumberField("modelVersion", a.modelVersion());
        if (a.features() == null) {
            json.writeNullField("features");
        } else {
            json.writeObjectFieldStart("features");
            for (int i = 0; i < features.size(); i++) {
                number(json, features.get(i), a.features()[i]);
            }
            json.writeEndObject();
        }
        json.writeArrayFieldStart("explanation");
        for (Score.FeatureContribution c : a.explanation()) {
            json.writeStartObject();
            json.writeStringField("feature", c.feature());
            json.writeStringField("direction", c.direction().label());
            number(json, "weight", c.weight());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** {@code {"available":false}} for no grid. */
    public static byte[] density(DensityGrid grid, List<String> features) {
        return write(json -> {
            json.writeStartObject();
            json.writeBooleanField("available", grid != null);
            if (grid != null) {
                json.writeNumberField("modelVersion", grid.modelVersion());
                json.writeStringField("x", features.get(grid.x()));
                json.writeStringField("y", features.get(grid.y()));
                json.writeNumberField("size", grid.size());
                number(json, "xMin", grid.xMin());
                number(json, "xMax", grid.xMax());
                number(json, "yMin", grid.yMin());
                number(json, "yMax", grid.yMax());
                json.writeObjectFieldStart("slice");
                for (int i = 0; i < features.size(); i++) {
                    number(json, features.get(i), grid.slice()[i]);
                }
                json.writeEndObject();
                number(json, "threshold", grid.threshold());
                number(json, "min", grid.min());
                number(json, "max", grid.max());
                json.writeArrayFieldStart("logDensity");
                for (double v : grid.logDensity()) {
                    coordinate(json, v);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }

    /** {@code {"error":"..."}}. */
    public static byte[] error(String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    private static void number(JsonGenerator json, String field, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumberField(field, value);
        } else {
            json.writeNullField(field);
        }
    }

    private static void coordinate(JsonGenerator json, String field, double value) throws IOException {
        json.writeFieldName(field);
        coordinate(json, value);
    }

    private static void coordinate(JsonGenerator json, double value) throws IOException {
        float f = (float) value;
        if (Float.isFinite(f)) {
            json.writeNumber(f);
        } else {
            json.writeNull();
        }
    }
}
