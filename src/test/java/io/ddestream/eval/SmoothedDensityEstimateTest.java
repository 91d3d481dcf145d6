package io.ddestream.eval;

import io.ddestream.data.EightGaussians;
import io.ddestream.data.ToyDistribution;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SmoothedDensityEstimateTest {

    @Test
    void shouldMatchTheExactSmoothedDensityOfEightGaussians() {
        // Given 200,000 reference samples of 8 gaussians, smoothed by noise of std 0.3 and 0.4
        double[][] reference = ToyDistribution.EIGHT_GAUSSIANS.sample(200_000, new Random(1));
        SmoothedDensityEstimate estimate = new SmoothedDensityEstimate(reference, 0.3, 0.4);

        // Then the estimate agrees with the closed form on and between the modes (where held-out points of p~ fall), to a few hundredths of a nat
        double[][] probes = {{2.83, 0}, {2, 2}, {2.6, 1.1}, {-1.5, 2.5}, {0, -2.83}};
        for (double[] p : probes) {
            double exact = EightGaussians.smoothedLogDensity(p[0], p[1], 0.09, 0.16);
            assertThat(estimate.logDensity(p[0], p[1])).as("at (%s, %s)", p[0], p[1]).isCloseTo(exact, within(0.03));
        }
    }

    @Test
    void shouldBeMinusInfinityFarFromEveryReferencePoint() {
        SmoothedDensityEstimate estimate = new SmoothedDensityEstimate(new double[][] {{0, 0}, {1, 1}}, 0.1, 0.1);

        assertThat(estimate.logDensity(100, 100)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(estimate.logDensity(0, 0)).isCloseTo(Math.log(0.5 / (2 * Math.PI * 0.01)), within(1e-9));
    }
}
