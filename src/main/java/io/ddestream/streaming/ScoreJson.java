package io.ddestream.streaming;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddestream.engine.density.Score;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of a {@link ScoreRecord} on {@code dde.scores}:
 *
 * <pre>
 * {"id":"p-17","status":"scored","log_density":-3.2,"anomaly_score":3.2,"p_value":0.41,"anomaly":false,
 *  "threshold":7.9,"model_version":12,"explanation":[{"feature":"x","direction":"high","weight":0.71},...],
 *  "ts":1700000000000}
 * {"id":"p-1","status":"warming_up","anomaly":false,"model_version":0,"ts":1700000000000}
 * {"id":"p-9","status":"out_of_range","anomaly":true,"model_version":12,"ts":1700000000000}
 * </pre>
 *
 * <p>Score fields appear only with {@code "status":"scored"}, and are always finite numbers. Writing uses a
 * streaming generator (it runs once per point); reading, for consumers and tests, a tree.
 */
public final class ScoreJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper TREES = new ObjectMapper();

    private ScoreJson() {
    }

    public static Serde<ScoreRecord> serde() {
        return Serdes.serdeFrom((topic, score) -> score == null ? null : write(score),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    public static byte[] write(ScoreRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", record.id());
            json.writeStringField("status", record.status().label());
            Score s = record.score();
            if (s != null) {
                json.writeNumberField("log_density", s.logDensity());
                json.writeNumberField("anomaly_score", s.anomalyScore());
                json.writeNumberField("p_value", s.pValue());
            }
            json.writeBooleanField("anomaly", record.anomaly());
            if (s != null) {
                json.writeNumberField("threshold", s.threshold());
            }
            json.writeNumberField("model_version", record.modelVersion());
            if (s != null) {
                json.writeArrayFieldStart("explanation");
                for (Score.FeatureContribution c : s.explanation()) {
                    json.writeStartObject();
                    json.writeStringField("feature", c.feature());
                    json.writeStringField("direction", c.direction().label());
                    json.writeNumberField("weight", c.weight());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeNumberField("ts", record.timestamp());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory: cannot happen
        }
        return out.toByteArray();
    }

    public static ScoreRecord read(byte[] bytes) {
        try {
            JsonNode node = TREES.readTree(bytes);
            ScoreRecord.Status status = ScoreRecord.Status.fromLabel(text(node, "status"));
            Score score = null;
            if (status == ScoreRecord.Status.SCORED) {
                List<Score.FeatureContribution> explanation = new ArrayList<>();
                for (JsonNode c : required(node, "explanation")) {
                    explanation.add(new Score.FeatureContribution(text(c, "feature"),
                            Score.Direction.valueOf(text(c, "direction").toUpperCase(Locale.ROOT)),
                            required(c, "weight").asDouble()));
                }
                score = new Score(required(node, "log_density").asDouble(), required(node, "anomaly_score").asDouble(),
                        required(node, "p_value").asDouble(), required(node, "anomaly").asBoolean(),
                        required(node, "threshold").asDouble(), explanation);
            }
            return new ScoreRecord(text(node, "id"), status, required(node, "model_version").asLong(), score,
                    required(node, "ts").asLong());
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("not a score record: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }
}
