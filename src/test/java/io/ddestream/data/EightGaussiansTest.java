package io.ddestream.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EightGaussiansTest {

    private static final double STD = 0.5 / Math.sqrt(2);

    @Test
    void shouldPlaceModesEvery45DegreesOnCircleOfRadius4OverSqrt2() {
        double[][] means = EightGaussians.means();

        assertThat(means).hasNumberOfRows(8);
        for (int k = 0; k < 8; k++) {
            assertThat(Math.hypot(means[k][0], means[k][1]))
                    .isCloseTo(4 / Math.sqrt(2), within(1e-12));
            assertThat(Math.atan2(means[k][1], means[k][0]))
                    .isCloseTo(Math.IEEEremainder(k * Math.PI / 4, 2 * Math.PI), within(1e-12));
            assertThat(EightGaussians.nearestMode(means[k][0], means[k][1])).isEqualTo(k);
        }
    }

    @Test
    void shouldDrawEachModeAboutOneEighthOfTheTimeWithTheStatedSpread() {
        int n = 80_000;
        double[][] points = ToyDistribution.EIGHT_GAUSSIANS.sample(n, new Random(1));
        double[][] means = EightGaussians.means();
        int[] counts = new int[8];
        double[] squaredDistances = new double[8];

        for (double[] point : points) {
            int k = EightGaussians.nearestMode(point[0], point[1]);
            counts[k]++;
            squaredDistances[k] += square(point[0] - means[k][0]) + square(point[1] - means[k][1]);
        }

        for (int k = 0; k < 8; k++) {
            assertThat(counts[k] / (double) n).isCloseTo(1.0 / 8, within(0.01));
            double perAxisStd = Math.sqrt(squaredDistances[k] / counts[k] / 2);
            assertThat(perAxisStd).isCloseTo(STD, within(0.02 * STD));
        }
    }

    @Test
    void shouldIntegrateSmoothedDensityToOne() {
        double step = 0.02;
        for (double[] noise : new double[][] {{0, 0}, {0.1, 0.3}}) {
            double mass = 0;
            for (double x = -6 + step / 2; x < 6; x += step) {
                for (double y = -6 + step / 2; y < 6; y += step) {
                    mass += Math.exp(EightGaussians.smoothedLogDensity(x, y, noise[0], noise[1]));
                }
            }
            assertThat(mass * step * step).isCloseTo(1, within(1e-3));
        }
    }

    @Test
    void shouldMatchNaiveMixtureOfSmoothedGaussians() {
        double noiseX = 0.05;
        double noiseY = 0.2;
        double[][] means = EightGaussians.means();
        for (double[] point : new double[][] {{0, 0}, {2.8, 0.1}, {-1, 2}, {3, -3}}) {
            double varX = 0.125 + noiseX;
            double varY = 0.125 + noiseY;
            double density = 0;
            for (double[] mean : means) {
                double exponent =
                        -square(point[0] - mean[0]) / (2 * varX)
                                - square(point[1] - mean[1]) / (2 * varY);
                density += Math.exp(exponent) / (2 * Math.PI * Math.sqrt(varX * varY)) / 8;
            }

            assertThat(EightGaussians.smoothedLogDensity(point[0], point[1], noiseX, noiseY))
                    .isCloseTo(Math.log(density), within(1e-12));
        }
    }

    @Test
    void shouldStayFiniteFarFromEveryMode() {
        assertThat(EightGaussians.smoothedLogDensity(100, -100, 0, 0)).isFinite().isLessThan(-1e4);
    }

    @Test
    void shouldRejectNegativeNoiseVariance() {
        assertThatThrownBy(() -> EightGaussians.smoothedLogDensity(0, 0, -0.1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("noise variances must be >= 0, got -0.1 and 0.0");
    }

    private static double square(double value) {
        return value * value;
    }
}
