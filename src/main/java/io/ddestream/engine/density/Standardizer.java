package io.ddestream.engine.density;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-feature affine map {@code z = (x - mean) / std} into the standardized space where the energy is learned,
 * and its log-Jacobian, so that {@code log p_x(x) = log p_z(z) + logJacobian()} (docs/method.md section 1).
 *
 * <p>A constant feature has no spread to divide by: its std is taken as 1.0, so it is only centred (see
 * {@link RunningMoments#freeze()}). Immutable; accessors return copies.
 */
public final class Standardizer {

    private final double[] mean;
    private final double[] std;
    private final double logJacobian;

    private Standardizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
        double sumLogStd = 0;
        for (double s : std) {
            sumLogStd += Math.log(s);
        }
        this.logJacobian = -sumLogStd;
    }

    /** A standardizer with the given means and (positive, finite) stds, e.g. read back from a model file. */
    public static Standardizer of(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("need one mean and one std per feature, got " + mean.length
                    + " means and " + std.length + " stds");
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !(std[i] > 0) || !Double.isFinite(std[i])) {
                throw new IllegalArgumentException("feature " + i + ": mean " + mean[i] + ", std " + std[i]
                        + " (the mean must be finite, the std positive and finite)");
            }
        }
        return new Standardizer(mean.clone(), std.clone());
    }

    /** Fits the means and stds of the rows (samples); see {@link RunningMoments#freeze()} for the std rule. */
    public static Standardizer fit(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot fit a standardizer to no rows");
        }
        RunningMoments moments = new RunningMoments(rows[0].length);
        for (double[] row : rows) {
            moments.add(row);
        }
        return moments.freeze();
    }

    public int dimension() {
        return mean.length;
    }

    /** Standardized rows as a B x d matrix of the given data type. */
    public INDArray standardize(double[][] rows, DataType dataType) {
        int d = dimension();
        double[] flat = new double[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            checkDimension(rows[r]);
            for (int i = 0; i < d; i++) {
                flat[r * d + i] = (rows[r][i] - mean[i]) / std[i];
            }
        }
        return Nd4j.create(flat, new long[] {rows.length, d}, DataType.DOUBLE).castTo(dataType);
    }

    /** One standardized row (a new array). */
    public double[] standardize(double[] row) {
        checkDimension(row);
        double[] z = new double[row.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (row[i] - mean[i]) / std[i];
        }
        return z;
    }

    /** The inverse map, {@code x = mean + std * z}, of one row (a new array). */
    public double[] destandardize(double[] z) {
        checkDimension(z);
        double[] x = new double[z.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = mean[i] + std[i] * z[i];
        }
        return x;
    }

    /** {@code -sum_i log std_i}: add it to a standardized-space log-density to get one in the data's units. */
    public double logJacobian() {
        return logJacobian;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    private void checkDimension(double[] row) {
        if (row.length != dimension()) {
            throw new IllegalArgumentException("expected " + dimension() + " features, got " + row.length);
        }
    }
}
