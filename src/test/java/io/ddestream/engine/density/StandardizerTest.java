package io.ddestream.engine.density;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StandardizerTest {

    private static final double[][] ROWS = {{1, 10, 5}, {3, 30, 5}, {5, 20, 5}, {7, 40, 5}};

    @Test
    void shouldGiveStandardizedColumnsZeroMeanAndUnitStd() {
        Standardizer standardizer = Standardizer.fit(ROWS);

        assertThat(standardizer.mean()).containsExactly(new double[] {4, 25, 5}, within(1e-12));
        assertThat(standardizer.std()[0]).isCloseTo(Math.sqrt(5), within(1e-12));
        double[][] z = standardizer.standardize(ROWS, DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < 2; i++) {
            double sum = 0;
            double sumOfSquares = 0;
            for (double[] row : z) {
                sum += row[i];
                sumOfSquares += row[i] * row[i];
            }
            assertThat(sum / z.length).isCloseTo(0, within(1e-12));
            assertThat(sumOfSquares / z.length).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void shouldOnlyCentreAConstantColumnInsteadOfDividingByZero() {
        Standardizer standardizer = Standardizer.fit(ROWS);

        assertThat(standardizer.std()[2]).isEqualTo(1.0);
        assertThat(standardizer.standardize(ROWS[0])[2]).isEqualTo(0.0);
    }

    @Test
    void shouldStandardizeMatricesAndSingleRowsAlike() {
        Standardizer standardizer = Standardizer.fit(ROWS);

        INDArray matrix = standardizer.standardize(ROWS, DataType.FLOAT);

        assertThat(matrix.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(matrix.shape()).containsExactly(4, 3);
        for (int r = 0; r < ROWS.length; r++) {
            double[] row = standardizer.standardize(ROWS[r]);
            for (int i = 0; i < row.length; i++) {
                assertThat(matrix.getDouble(r, i)).isCloseTo(row[i], within(1e-6));
            }
        }
    }

    @Test
    void shouldRecoverTheRowWhenDestandardizing() {
        Standardizer standardizer = Standardizer.fit(ROWS);
        double[] x = {2.5, -7, 5.5};

        assertThat(standardizer.destandardize(standardizer.standardize(x))).containsExactly(x, within(1e-12));
    }

    @Test
    void shouldMakeLogJacobianTheLogDensityShiftIntoTheDataUnits() {
        // Given x ~ N(m, s^2) in one dimension, z = (x - m) / s ~ N(0, 1): log p_x(x) = log p_z(z) - log s
        Standardizer standardizer = Standardizer.of(new double[] {2}, new double[] {3});
        double x = 4;
        double z = standardizer.standardize(new double[] {x})[0];

        double logPx = -0.5 * Math.log(2 * Math.PI * 9) - (x - 2) * (x - 2) / 18;
        double logPz = -0.5 * Math.log(2 * Math.PI) - z * z / 2;

        assertThat(logPz + standardizer.logJacobian()).isCloseTo(logPx, within(1e-12));
    }

    @Test
    void shouldMatchTheBatchFitWhenStreamingTheSameRows() {
        Random rng = new Random(1);
        double[][] rows = new double[1000][2];
        RunningMoments moments = new RunningMoments(2);
        for (double[] row : rows) {
            row[0] = 1e6 + rng.nextGaussian();
            row[1] = -3 + 0.01 * rng.nextGaussian();
            moments.add(row);
        }

        Standardizer streamed = moments.freeze();

        assertThat(moments.count()).isEqualTo(1000);
        assertThat(streamed.mean()).containsExactly(Standardizer.fit(rows).mean(), within(1e-9));
        assertThat(streamed.std()).containsExactly(twoPassStd(rows), within(1e-9));
    }

    @Test
    void shouldRejectNonFiniteValuesAndRowsOfTheWrongLength() {
        RunningMoments moments = new RunningMoments(2);

        assertThatThrownBy(() -> moments.add(new double[] {1, Double.NaN})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> moments.add(new double[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(moments::freeze).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Standardizer.fit(ROWS).standardize(new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNotExposeItsStateThroughAccessors() {
        Standardizer standardizer = Standardizer.fit(ROWS);

        standardizer.mean()[0] = 99;
        standardizer.std()[0] = 99;

        assertThat(standardizer.mean()[0]).isEqualTo(4);
        assertThat(standardizer.std()[0]).isCloseTo(Math.sqrt(5), within(1e-12));
    }

    @Test
    void shouldMatchTheStdOnGaussianDataWhenScalingByQuantiles() {
        Random rng = new Random(4);
        double[][] rows = new double[100_000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {10 + 3 * rng.nextGaussian()};
        }

        Standardizer quantiles = Standardizer.fit(rows, Standardizer.Method.QUANTILES);

        assertThat(quantiles.method()).isEqualTo(Standardizer.Method.QUANTILES);
        assertThat(quantiles.mean()[0]).isCloseTo(10, within(0.05));
        assertThat(quantiles.std()[0]).isCloseTo(3, within(0.05));
    }

    @Test
    void shouldNotLetAFewExtremeValuesStretchTheQuantileScale() {
        // Given 97% of a feature in [0, 1) and 3% at 1000: the std is about 170, the bulk's spread about 0.3
        double[][] rows = new double[1000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i < 970 ? i / 970.0 : 1000};
        }

        double momentsScale = Standardizer.fit(rows).std()[0];
        double quantileScale = Standardizer.fit(rows, Standardizer.Method.QUANTILES).std()[0];

        assertThat(momentsScale).isGreaterThan(100);
        // the 5%-95% range of the bulk (about 0.05 to 0.98), over 3.29
        assertThat(quantileScale).isBetween(0.25, 0.35);
    }

    @Test
    void shouldFallBackToTheStdForAFeatureThatIsMostlyOneValue() {
        // 96% zeros: the 5%-95% range is 0, so the scale is the std; a constant feature still gets 1
        double[][] rows = new double[100][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i < 96 ? 0 : 5, 7};
        }

        Standardizer quantiles = Standardizer.fit(rows, Standardizer.Method.QUANTILES);

        assertThat(quantiles.std()[0]).isCloseTo(Standardizer.fit(rows).std()[0], within(1e-12));
        assertThat(quantiles.std()[1]).isEqualTo(1.0);
    }

    private static double[] twoPassStd(double[][] rows) {
        double[] std = new double[rows[0].length];
        for (int i = 0; i < std.length; i++) {
            double mean = 0;
            for (double[] row : rows) {
                mean += row[i] / rows.length;
            }
            double sumOfSquares = 0;
            for (double[] row : rows) {
                sumOfSquares += (row[i] - mean) * (row[i] - mean);
            }
            std[i] = Math.sqrt(sumOfSquares / rows.length);
        }
        return std;
    }
}
