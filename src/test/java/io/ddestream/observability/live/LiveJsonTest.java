package io.ddestream.observability.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddestream.engine.density.Score;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FEATURES = List.of("a", "b", "c");

    private static JsonNode read(byte[] bytes) throws IOException {
        // Strict parsing: NaN or Infinity tokens would fail here.
        return JSON.readTree(bytes);
    }

    private static LiveSnapshot snapshot(LiveSnapshot.ModelSummary model, List<LiveSnapshot.Anomaly> anomalies) {
        return new LiveSnapshot(FEATURES, 2, 0, 1234, model, new LiveSnapshot.Rates(500, 499.5, Double.NaN, 0),
                new LiveSnapshot.Totals(10, 9, 1, 0, 2),
                List.of(new LiveSnapshot.PlotPoint(1.5, -2, LiveSnapshot.PointStatus.NORMAL),
                        new LiveSnapshot.PlotPoint(Double.POSITIVE_INFINITY, 0, LiveSnapshot.PointStatus.UNSCORED)),
                List.of(new double[] {0.25, 0.5}),
                new LiveSnapshot.Histogram(-1, 9, new long[] {3, 0, 1}, new long[] {0, 0, 1}, Double.NaN, 4, 0),
                anomalies);
    }

    @Test
    void shouldWriteTheSnapshotThePageReadsWithNullsForNonFiniteNumbers() throws IOException {
        LiveSnapshot.Anomaly flagged = new LiveSnapshot.Anomaly("id-1", 99, "scored", 12.5, 0.0004, 3,
                new double[] {1, 2, 3}, List.of(new Score.FeatureContribution("c", Score.Direction.LOW, 0.9)));
        LiveSnapshot.Anomaly far = new LiveSnapshot.Anomaly("id-2", 98, "out_of_range", null, null, 3, null,
                List.of());
        JsonNode json = read(LiveJson.snapshot(snapshot(null, List.of(flagged, far))));

        assertThat(json.get("features")).hasSize(3);
        assertThat(json.get("x").asText()).isEqualTo("c");
        assertThat(json.get("y").asText()).isEqualTo("a");
        assertThat(json.get("model").isNull()).isTrue();
        assertThat(json.at("/rates/points").asDouble()).isEqualTo(500);
        assertThat(json.at("/rates/anomalies").isNull()).isTrue();
        assertThat(json.at("/totals/rejected").asLong()).isEqualTo(2);
        assertThat(json.at("/points/0/x").asDouble()).isEqualTo(1.5);
        assertThat(json.at("/points/0/status").asText()).isEqualTo("normal");
        assertThat(json.at("/points/1/x").isNull()).isTrue();
        assertThat(json.at("/points/1/status").asText()).isEqualTo("unscored");
        assertThat(json.at("/samples/0/1").asDouble()).isEqualTo(0.5);
        assertThat(json.at("/histogram/counts")).hasSize(3);
        assertThat(json.at("/histogram/threshold").isNull()).isTrue();
        assertThat(json.at("/anomalies/0/features/c").asDouble()).isEqualTo(3);
        assertThat(json.at("/anomalies/0/explanation/0/direction").asText()).isEqualTo("low");
        assertThat(json.at("/anomalies/0/pValue").asDouble()).isEqualTo(0.0004);
        assertThat(json.at("/anomalies/1/anomalyScore").isNull()).isTrue();
        assertThat(json.at("/anomalies/1/features").isNull()).isTrue();
    }

    @Test
    void shouldWriteTheModelSummary() throws IOException {
        LiveSnapshot.ModelSummary model = new LiveSnapshot.ModelSummary(7, 3500, 9000, -1.25, 0.02, 4100, 0.1, 7.9,
                0.01, 1_000, true);
        JsonNode json = read(LiveJson.snapshot(snapshot(model, List.of())));
        assertThat(json.at("/model/version").asLong()).isEqualTo(7);
        assertThat(json.at("/model/provisional").asBoolean()).isTrue();
        assertThat(json.at("/model/logZ").asDouble()).isEqualTo(-1.25);
        assertThat(json.at("/model/threshold").asDouble()).isEqualTo(7.9);
        assertThat(json.at("/model/falseAlarmRate").asDouble()).isEqualTo(0.01);
        assertThat(json.get("anomalies")).isEmpty();
    }

    @Test
    void shouldWriteADensityGridRowMajorWithNullWhereItOverflowed() throws IOException {
        DensityGrid grid = new DensityGrid(4, 0, 2, 2, -1, 1, -3, 3, new double[] {0, 5, 10},
                new double[] {-1, -2, Double.NaN, -4}, 7.5);
        JsonNode json = read(LiveJson.density(grid, FEATURES));
        assertThat(json.get("available").asBoolean()).isTrue();
        assertThat(json.get("modelVersion").asLong()).isEqualTo(4);
        assertThat(json.get("x").asText()).isEqualTo("a");
        assertThat(json.get("y").asText()).isEqualTo("c");
        assertThat(json.get("size").asInt()).isEqualTo(2);
        assertThat(json.at("/slice/b").asDouble()).isEqualTo(5);
        assertThat(json.get("min").asDouble()).isEqualTo(-4);
        assertThat(json.get("max").asDouble()).isEqualTo(-1);
        assertThat(json.get("threshold").asDouble()).isEqualTo(7.5);
        assertThat(json.get("logDensity")).hasSize(4);
        assertThat(json.at("/logDensity/2").isNull()).isTrue();
        assertThat(json.at("/logDensity/3").asDouble()).isEqualTo(-4);
    }

    @Test
    void shouldSayWhenThereIsNoDensityYet() throws IOException {
        JsonNode json = read(LiveJson.density(null, FEATURES));
        assertThat(json.get("available").asBoolean()).isFalse();
        assertThat(json.size()).isEqualTo(1);
    }
}
