package io.ddestream.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddestream.engine.density.Score;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreJsonTest {

    private final Serde<ScoreRecord> serde = ScoreJson.serde();
    private final Point point = new Point("p-1", new double[] {1, 2}, 1700000000000L);

    @Test
    void shouldRoundTripAScoredRecordWithTheContractFields() throws Exception {
        Score score = new Score(-3.25, 3.25, 0.41, false, 7.9,
                List.of(new Score.FeatureContribution("x", Score.Direction.HIGH, 0.75),
                        new Score.FeatureContribution("y", Score.Direction.LOW, 0.25)));
        ScoreRecord record = ScoreRecord.scored(point, 12, score);
        byte[] bytes = serde.serializer().serialize("t", record);

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(record);
        JsonNode json = new ObjectMapper().readTree(bytes);
        assertThat(json.fieldNames()).toIterable().containsExactly("id", "status", "log_density", "anomaly_score",
                "p_value", "anomaly", "threshold", "model_version", "explanation", "ts");
        assertThat(json.get("explanation").get(0).get("direction").asText()).isEqualTo("high");
    }

    @Test
    void shouldWriteWarmingUpWithoutScoreFields() throws Exception {
        byte[] bytes = serde.serializer().serialize("t", ScoreRecord.warmingUp(point));
        JsonNode json = new ObjectMapper().readTree(bytes);
        assertThat(json.toString()).isEqualTo(
                "{\"id\":\"p-1\",\"status\":\"warming_up\",\"anomaly\":false,\"model_version\":0,\"ts\":1700000000000}");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(ScoreRecord.warmingUp(point));
    }

    @Test
    void shouldFlagOutOfRangeRecords() throws Exception {
        byte[] bytes = serde.serializer().serialize("t", ScoreRecord.outOfRange(point, 3));
        assertThat(new ObjectMapper().readTree(bytes).get("anomaly").asBoolean()).isTrue();
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(ScoreRecord.outOfRange(point, 3));
    }

    @Test
    void shouldMapNullToNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
