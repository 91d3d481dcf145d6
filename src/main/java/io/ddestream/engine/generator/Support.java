package io.ddestream.engine.generator;

import io.ddestream.engine.density.Standardizer;

import java.util.Arrays;

/**
 * Where the data lies, per feature, in standardized units: the box {@code [lower_i, upper_i]} around the training
 * points. A generator is kept near it (see {@link GeneratorLearner}): a DDE is trained only near the data, and
 * away from it the learned energy may rise without bound, which a generator minimizing {@code KL(q~ || p~)}
 * then chases (on thyroid its samples left the data within a thousand steps and never came back).
 */
public record Support(double[] lower, double[] upper) {

    public Support {
        if (lower.length == 0 || lower.length != upper.length) {
            throw new IllegalArgumentException("need one lower and one upper bound per feature, got " + lower.length
                    + " and " + upper.length);
        }
        for (int i = 0; i < lower.length; i++) {
            if (!Double.isFinite(lower[i]) || !Double.isFinite(upper[i]) || lower[i] > upper[i]) {
                throw new IllegalArgumentException("feature " + i + ": invalid bounds [" + lower[i] + ", " + upper[i]
                        + "]");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /** The range of the rows (in the user's units) after standardization. */
    public static Support of(double[][] rows, Standardizer standardizer) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot find the support of no rows");
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
        return new Support(lower, upper);
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
}
