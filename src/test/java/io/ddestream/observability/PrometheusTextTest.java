package io.ddestream.observability;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    @Test
    void shouldReadNamesLabelsAndValuesSkippingComments() {
        String text = """
                # HELP dde_scores_total Score records written
                # TYPE dde_scores_total counter
                dde_scores_total{anomaly="true",status="scored"} 42.0
                process_uptime_seconds 12.5
                odd{detail="a \\"quoted\\", comma",b="x"} NaN
                """;
        assertThat(PrometheusText.samples(text)).containsExactly(
                new PrometheusText.Sample("dde_scores_total", Map.of("anomaly", "true", "status", "scored"), "42.0"),
                new PrometheusText.Sample("process_uptime_seconds", Map.of(), "12.5"),
                new PrometheusText.Sample("odd", Map.of("detail", "a \"quoted\", comma", "b", "x"), "NaN"));
    }
}
