package io.ddestream.engine.density;

import java.util.Arrays;

/**
 * The per-feature range of the points a {@link DensityModel} was calibrated on (its training points, or the
 * streaming trainer's reservoir), in the model's standardized units: the box {@code [lower_i, upper_i]}.
 *
 * <p>A fact about the data, kept with the model because the energy is trusted only near the data: a generator
 * trained against the model is kept inside this box widened by a margin (see
 * {@code io.ddestream.engine.generator.Support}). Immutable: the arrays are copied in and out.
 */
public record DataRange(double[] lower, double[] upper) {

    public DataRange {
        if (lower.length == 0 || lower.length != upper.length) {
            throw new IllegalArgumentException("need one lower and one upper bound per feature, got " + lower.length
                    + " and " + upper.length);
        }
        for (int i = 0; i < lower.length; i++) {
            if (!Double.isFinite(lower[i]) || !Double.isFinite(upper[i]) || lower[i] > upper[i]) {
                throw new IllegalArgumentException("feature " + i + ": invalid range [" + lower[i] + ", " + upper[i]
                        + "]");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /** The range of the rows (in the user's units) after standardization. */
    public static DataRange of(double[][] rows, Standardizer standardizer) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot find the range of no rows");
        }
        int d = standardizer.dimension();
        double[] lower = new double[d];
        double[] upper = new double[d];
        Arrays.fill(lower, Double.POSITIVE_INFINITY);
        Arrays.fill(upper, Double.NEGATIVE_INFINITY);
        for (double[] row : rows) {
            double[] z = standardizer.standardize(row);
            for (int i = 0; i < d; i++) {
                lower[i] = Math.min(lower[i], z[i]);
                upper[i] = Math.max(upper[i], z[i]);
            }
        }
        return new DataRange(lower, upper);
    }

    public int dimension() {
        return lower.length;
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataRange that && Arrays.equals(lower, that.lower) && Arrays.equals(upper, that.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return "DataRange[lower=" + Arrays.toString(lower) + ", upper=" + Arrays.toString(upper) + "]";
    }
}
