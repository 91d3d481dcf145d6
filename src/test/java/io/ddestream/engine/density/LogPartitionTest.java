package io.ddestream.engine.density;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogPartitionTest {

    @Test
    void shouldComputeLogMeanWeightStandardErrorAndEffectiveSampleSizeFromLogWeights() {
        // Given weights 1, 2, 3, 4 scaled by e^500 (which must not overflow)
        double[] logWeights = Arrays.stream(new double[] {1, 2, 3, 4}).map(w -> Math.log(w) + 500).toArray();

        LogPartition estimate = LogPartition.fromLogWeights(logWeights, 3);

        // Then log Z = log mean w; ESS = 10^2 / 30; SE = sd(w) / (sqrt(4) mean w), sd with n - 1
        assertThat(estimate.logZ()).isCloseTo(500 + Math.log(2.5), within(1e-12));
        assertThat(estimate.effectiveSampleSize()).isCloseTo(100.0 / 30, within(1e-12));
        assertThat(estimate.standardError()).isCloseTo(Math.sqrt(5.0 / 3) / (2 * 2.5), within(1e-12));
        assertThat(estimate.samples()).isEqualTo(4);
    }

    @Test
    void shouldTrustAnEstimateOnlyWithAtLeastAHundredEffectiveSamplesAndOnePercent() {
        assertThat(new LogPartition(0, 0.01, 100, 5000, 2).reliable()).isTrue();
        assertThat(new LogPartition(0, 0.01, 99, 5000, 2).reliable()).isFalse();
        assertThat(new LogPartition(0, 0.01, 199, 20_000, 2).reliable()).isFalse();
        assertThat(new LogPartition(0, 0.01, 200, 20_000, 2).reliable()).isTrue();
    }

    @Test
    void shouldDescribeReliableAndUnreliableEstimatesForPeople() {
        assertThat(new LogPartition(1.2344, 0.0051, 8123.4, 20_000, 2).describe())
                .isEqualTo("log Z = 1.234 +- 0.005 (ESS 8123 of 20000)");
        assertThat(new LogPartition(1.2344, 0.0051, 12.2, 20_000, 21).describe())
                .isEqualTo("log Z = 1.234 +- 0.005 UNRELIABLE: effective sample size 12 of 20000;"
                        + " the proposal does not cover the model in 21 dimensions");
    }
}
