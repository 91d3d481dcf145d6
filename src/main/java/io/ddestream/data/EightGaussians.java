package io.ddestream.data;

import java.util.Random;

/**
 * The "8 gaussians" toy: an equal mixture of eight Gaussians with standard deviation 0.5/√2 along
 * each axis, centred on a circle of radius 4/√2.
 *
 * <p>It is the one toy whose density is known in closed form, also after adding Gaussian noise,
 * which is what a denoising density estimator trained with that noise learns. Mode {@code k} lies
 * at angle {@code k·45°}, counterclockwise from the positive x axis.
 */
public final class EightGaussians {

    /** The variance of each mixture component along each axis: (0.5/√2)². */
    public static final double COMPONENT_VARIANCE = 0.125;

    private static final int MODES = 8;
    private static final double RADIUS = 4 / Math.sqrt(2);
    private static final double STD = Math.sqrt(COMPONENT_VARIANCE);
    private static final double[][] MEANS = new double[MODES][];

    static {
        for (int k = 0; k < MODES; k++) {
            double angle = k * Math.PI / 4;
            MEANS[k] = new double[] {RADIUS * Math.cos(angle), RADIUS * Math.sin(angle)};
        }
    }

    private EightGaussians() {}

    /** A copy of the eight component means, indexed by mode. */
    public static double[][] means() {
        double[][] copy = new double[MODES][];
        for (int k = 0; k < MODES; k++) {
            copy[k] = MEANS[k].clone();
        }
        return copy;
    }

    /** The mode, 0 to 7, whose mean is nearest to {@code (x, y)}. */
    public static int nearestMode(double x, double y) {
        int nearest = 0;
        double nearestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < MODES; k++) {
            double distance = square(x - MEANS[k][0]) + square(y - MEANS[k][1]);
            if (distance < nearestDistance) {
                nearest = k;
                nearestDistance = distance;
            }
        }
        return nearest;
    }

    /**
     * The exact log-density at {@code (x, y)} of the mixture convolved with N(0, diag(noiseVarX,
     * noiseVarY)), that is of the mixture with {@code COMPONENT_VARIANCE + noiseVar} per axis.
     * Zero noise gives the log-density of the toy itself. It stays finite however far the point is
     * from the modes.
     *
     * @throws IllegalArgumentException if a noise variance is negative or NaN
     */
    public static double smoothedLogDensity(
            double x, double y, double noiseVarX, double noiseVarY) {
        if (!(noiseVarX >= 0 && noiseVarY >= 0)) {
            throw new IllegalArgumentException(
                    "noise variances must be >= 0, got %s and %s".formatted(noiseVarX, noiseVarY));
        }
        double varX = COMPONENT_VARIANCE + noiseVarX;
        double varY = COMPONENT_VARIANCE + noiseVarY;
        double[] exponents = new double[MODES];
        for (int k = 0; k < MODES; k++) {
            exponents[k] = -0.5 * (square(x - MEANS[k][0]) / varX + square(y - MEANS[k][1]) / varY);
        }
        return logSumExp(exponents)
                - Math.log(MODES)
                - Math.log(2 * Math.PI)
                - 0.5 * Math.log(varX * varY);
    }

    /** Draws {@code n} independent points. */
    static double[][] sample(int n, Random rng) {
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] mean = MEANS[rng.nextInt(MODES)];
            points[i] =
                    new double[] {
                        mean[0] + STD * rng.nextGaussian(), mean[1] + STD * rng.nextGaussian()
                    };
        }
        return points;
    }

    // Shifting by the largest term keeps exp from underflowing to zero far from every mode.
    private static double logSumExp(double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double term : terms) {
            max = Math.max(max, term);
        }
        double sum = 0;
        for (double term : terms) {
            sum += Math.exp(term - max);
        }
        return max + Math.log(sum);
    }

    private static double square(double value) {
        return value * value;
    }
}
