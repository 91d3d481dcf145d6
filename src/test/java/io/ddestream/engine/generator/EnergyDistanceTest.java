package io.ddestream.engine.generator;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EnergyDistanceTest {

    @Test
    void matchesTheDefinitionOnASmallExample() {
        // Given A = {0, 1} and B = {3} on a line
        double[][] a = {{0}, {1}};
        double[][] b = {{3}};

        // Then D = 2 * (3 + 2) / 2 - (0 + 1 + 1 + 0) / 4 - 0 = 4.5
        assertThat(EnergyDistance.between(a, b)).isCloseTo(4.5, within(1e-12));
    }

    @Test
    void usesEuclideanDistancesAcrossDimensions() {
        double[][] a = {{0, 0}};
        double[][] b = {{3, 4}};

        assertThat(EnergyDistance.between(a, b)).isCloseTo(10.0, within(1e-12));
    }

    @Test
    void isZeroForIdenticalSamplesAndSymmetric() {
        double[][] a = gaussian(300, 3, 0, new Random(1));
        double[][] b = gaussian(200, 3, 0.5, new Random(2));

        assertThat(EnergyDistance.between(a, a)).isCloseTo(0.0, within(1e-12));
        assertThat(EnergyDistance.between(a, b)).isCloseTo(EnergyDistance.between(b, a), within(1e-12));
    }

    @Test
    void averagesToItsExpectedFloorForTwoSamplesOfOneDistribution() {
        // For 1-D standard normals E|X - X'| = 2 / sqrt(pi), so E[D] = 2 / sqrt(pi) * (1/n + 1/m).
        int n = 200;
        double expected = 2 / Math.sqrt(Math.PI) * (2.0 / n);
        Random rng = new Random(3);
        double mean = 0;
        int repeats = 200;
        for (int i = 0; i < repeats; i++) {
            mean += EnergyDistance.between(gaussian(n, 1, 0, rng), gaussian(n, 1, 0, rng)) / repeats;
        }
        assertThat(mean).isCloseTo(expected, within(0.1 * expected));
    }

    @Test
    void seesAShiftThatIsSmallComparedWithTheSpread() {
        Random rng = new Random(4);
        double floor = EnergyDistance.between(gaussian(2000, 2, 0, rng), gaussian(2000, 2, 0, rng));
        double shifted = EnergyDistance.between(gaussian(2000, 2, 0, rng), gaussian(2000, 2, 0.2, rng));

        assertThat(shifted).isGreaterThan(5 * floor);
    }

    @Test
    void rejectsEmptySamplesAndRaggedRows() {
        assertThatThrownBy(() -> EnergyDistance.between(new double[0][], new double[][] {{1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> EnergyDistance.between(new double[][] {{1, 2}}, new double[][] {{1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 2 values");
    }

    private static double[][] gaussian(int n, int d, double shift, Random rng) {
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                row[i] = shift + rng.nextGaussian();
            }
        }
        return rows;
    }
}
