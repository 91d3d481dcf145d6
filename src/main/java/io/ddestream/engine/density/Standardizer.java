package io.ddestream.engine.density;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-feature affine map {@code z = (x - mean) / std} into the standardized space where the energy is learned,
 * and its log-Jacobian, so that {@code log p_x(x) = log p_z(z) + logJacobian()} (docs/method.md section 1).
 * "mean" and "std" are the centre and the scale of a feature; how they were measured is the {@link Method}.
 *
 * <p>A constant feature has no spread to divide by: its std is taken as 1.0, so it is only centred (see
 * {@link RunningMoments#freeze()}). Immutable; accessors return copies.
 */
public final class Standardizer {

    /** How the centre and scale of each feature are measured. */
    public enum Method {
        /** Mean and population standard deviation. */
        MOMENTS("moments"),
        /**
         * Median, and the 5%-95% inter-quantile range divided by 3.29 (what it is for a normal distribution, so
         * that it equals the std on Gaussian data). Up to 5% of points in each tail, anomalies or a heavy tail,
         * cannot stretch the scale: with the std, a few extreme values squeeze the bulk of a skewed feature into
         * a sliver of standardized space, finer than sigma can resolve. A feature whose inter-quantile range is
         * zero (mostly one value) falls back to its std.
         */
        QUANTILES("quantiles");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        /** The name used in model files and on the command line. */
        public String id() {
            return id;
        }

        /** The method with this {@link #id()}. */
        public static Method fromId(String id) {
            for (Method m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown standardization method '" + id + "'");
        }
    }

    /** The 5%-95% range of a standard normal distribution: 2 x 1.6448536. */
    static final double NORMAL_RANGE_5_95 = 3.2897072539029435;

    private final double[] mean;
    private final double[] std;
    private final Method method;
    private final double logJacobian;

    private Standardizer(double[] mean, double[] std, Method method) {
        this.mean = mean;
        this.std = std;
        this.method = method;
        double sumLogStd = 0;
        for (double s : std) {
            sumLogStd += Math.log(s);
        }
        this.logJacobian = -sumLogStd;
    }

    /** A standardizer with the given means and (positive, finite) stds, e.g. read back from a model file. */
    public static Standardizer of(double[] mean, double[] std) {
        return of(mean, std, Method.MOMENTS);
    }

    /** A standardizer with the given centres and (positive, finite) scales, measured by {@code method}. */
    public static Standardizer of(double[] mean, double[] std, Method method) {
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
        return new Standardizer(mean.clone(), std.clone(), method);
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

    /** Fits the rows' centres and scales by {@code method}. */
    public static Standardizer fit(double[][] rows, Method method) {
        return method == Method.MOMENTS ? fit(rows) : fitQuantiles(rows);
    }

    private static Standardizer fitQuantiles(double[][] rows) {
        Standardizer moments = fit(rows);
        double[] fallback = moments.std;
        int d = moments.dimension();
        double[] centre = new double[d];
        double[] scale = new double[d];
        double[] column = new double[rows.length];
        for (int i = 0; i < d; i++) {
            for (int r = 0; r < rows.length; r++) {
                column[r] = rows[r][i];
            }
            java.util.Arrays.sort(column);
            centre[i] = quantile(column, 0.5);
            double range = quantile(column, 0.95) - quantile(column, 0.05);
            // A range at rounding-noise level is a feature that is mostly one value: use its std instead.
            scale[i] = range > 1e-12 * Math.max(Math.abs(centre[i]), fallback[i]) ? range / NORMAL_RANGE_5_95
                    : fallback[i];
        }
        return new Standardizer(centre, scale, Method.QUANTILES);
    }

    /** The q-quantile of sorted values, linearly interpolated between order statistics. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
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

    /** How the centres and scales were measured. */
    public Method method() {
        return method;
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
