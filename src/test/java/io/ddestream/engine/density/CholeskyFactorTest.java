package io.ddestream.engine.density;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CholeskyFactorTest {

    @Test
    void shouldFactorAPositiveDefiniteMatrixAndInvertTheFactor() {
        // Given A = B B^T + I for a random B
        int d = 7;
        Random rng = new Random(1);
        double[][] b = new double[d][d];
        for (double[] row : b) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    a[i][j] += b[i][k] * b[j][k];
                }
                a[i][j] += i == j ? 1 : 0;
            }
        }

        CholeskyFactor factor = CholeskyFactor.of(a);

        // Then L applied to the columns of L^-1 gives the identity, and L L^T = A column by column
        double[][] inverse = factor.inverse();
        double[][] lower = new double[d][d];
        for (int col = 0; col < d; col++) {
            double[] unit = new double[d];
            unit[col] = 1;
            double[] lowerColumn = new double[d];
            factor.multiply(unit, lowerColumn, 0);
            double[] inverseColumn = new double[d];
            for (int i = 0; i < d; i++) {
                inverseColumn[i] = inverse[i][col];
                lower[i][col] = lowerColumn[i];
            }
            double[] identityColumn = new double[d];
            factor.multiply(inverseColumn, identityColumn, 0);
            assertThat(identityColumn).containsExactly(unit, within(1e-10));
        }
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += lower[i][k] * lower[j][k];
                }
                assertThat(v).isCloseTo(a[i][j], within(1e-10));
            }
            logDet += 2 * Math.log(lower[i][i]);
        }
        assertThat(factor.logDeterminant()).isCloseTo(logDet, within(1e-12));
    }

    @Test
    void shouldFactorASingularCovarianceWithASmallJitter() {
        // Given the covariance of two perfectly correlated features (rank one)
        double[][] singular = {{1, 1}, {1, 1}};

        CholeskyFactor factor = CholeskyFactor.of(singular);

        assertThat(factor.logDeterminant()).isFinite().isLessThan(-10);
    }

    @Test
    void shouldRefuseAnIndefiniteMatrix() {
        assertThatThrownBy(() -> CholeskyFactor.of(new double[][] {{1, 2}, {2, 1}}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
