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
