package io.ddestream.observability;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

    @Test
    void shouldFindTheMetricInsideFunctionsAndAggregations() {
        assertThat(PromQl.selectors("histogram_quantile(0.99, sum by (le) (rate(dde_score_latency_seconds_bucket"
                + "[$__rate_interval])))"))
                .containsExactly(new PromQl.Selector("dde_score_latency_seconds_bucket", Map.of()));
    }

    @Test
    void shouldKeepEqualityMatchersAndSkipOtherMatchersAndStrings() {
        assertThat(PromQl.selectors("sum(rate(dde_scores_total{anomaly=\"true\"}[5m])) / "
                + "sum(rate(dde_scores_total{status!=\"warming_up\", role=~\"a|b\"}[5m]))"))
                .containsExactly(new PromQl.Selector("dde_scores_total", Map.of("anomaly", "true")),
                        new PromQl.Selector("dde_scores_total", Map.of()));
        assertThat(PromQl.selectors("sum by (role, topic) (kafka_consumer_fetch_manager_records_lag"
                + "{topic=~\".*[.].*\"})"))
                .containsExactly(new PromQl.Selector("kafka_consumer_fetch_manager_records_lag", Map.of()));
    }

    @Test
    void shouldSkipGroupingKeywordsNumbersAndVariablesInEitherPosition() {
        assertThat(PromQl.selectors("max(dde_model_version) by (role) * 1e3 + on (instance) group_left "
                + "process_uptime_seconds offset 5m > bool 0.5"))
                .extracting(PromQl.Selector::metric)
                .containsExactly("dde_model_version", "process_uptime_seconds");
        assertThat(PromQl.selectors("dde_train_loss")).containsExactly(new PromQl.Selector("dde_train_loss",
                Map.of()));
    }
}
