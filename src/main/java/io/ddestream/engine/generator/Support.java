package io.ddestream.engine.generator;

import io.ddestream.engine.density.DataRange;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.Standardizer;

import java.util.Arrays;

/**
 * Where the data lies, per feature, in standardized units: the box {@code [lower_i, upper_i]} around the training
 * points. A generator is kept near it (see {@link GeneratorLearner}): a DDE is trained only near the data, and
 * away from it the learned energy may rise without bound, which a generator minimizing {@code KL(q~ || p~)}
 * then chases (on thyroid its samples left the data within a thousand steps and never came back).
 *
 * <p>One source of truth: the data model's {@link DataRange}, recorded when it was calibrated
 * ({@link #of(DensityModel)}), so that {@code fit --generator} and the generator service keep the generator in the same place.
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

    /**
     * Half the side of the box assumed for a data model that does not know its {@link DataRange} (one saved before
     * ranges were kept): {@code [-4, 4]} in every standardized coordinate, where by Chebyshev's inequality at
     * least 15/16 of any feature's values lie.
     */
    public static final double DEFAULT_HALF_WIDTH = 4;

    /** The range of the rows (in the user's units) after standardization. */
    public static Support of(double[][] rows, Standardizer standardizer) {
        return of(DataRange.of(rows, standardizer));
    }

    /** The support of the points a data range was taken from. */
    public static Support of(DataRange range) {
        return new Support(range.lower(), range.upper());
    }

    /**
     * The support of a data model's calibration points, or, for a model that does not know them, the default box
     * of half-width {@value #DEFAULT_HALF_WIDTH} in every standardized coordinate.
     */
    public static Support of(DensityModel data) {
        return data.dataRange().map(Support::of).orElseGet(() -> defaultBox(data.dimension()));
    }

    /** The box {@code [-DEFAULT_HALF_WIDTH, DEFAULT_HALF_WIDTH]^d}. */
    public static Support defaultBox(int dimension) {
        double[] lower = new double[dimension];
        double[] upper = new double[dimension];
        Arrays.fill(lower, -DEFAULT_HALF_WIDTH);
        Arrays.fill(upper, DEFAULT_HALF_WIDTH);
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
