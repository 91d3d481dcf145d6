package io.ddestream.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A large-sample estimate of a 2-D density smoothed by Gaussian noise, for toys whose smoothed density has no closed
 * form: {@code p~(x) = E_{y~p}[N(x; y, diag(sx^2, sy^2))] ~= (1/M) sum_j N(x; y_j, diag(sx^2, sy^2))} over M
 * reference samples {@code y_j ~ p}. The average inside the log is unbiased; the log of it is biased low by about
 * {@code Var / (2 M mean^2)}, which a large M makes negligible next to the gaps measured with it. Kernels beyond 8
 * standard deviations along x contribute under {@code e^-32} and are skipped (the reference points are sorted by x).
 *
 * <p>Immutable and thread-safe.
 */
public final class SmoothedDensityEstimate {

    private static final double CUTOFF_STDS = 8;

    private final double[][] reference;
    private final double[] xs;
    private final double sx;
    private final double sy;
    private final double logNorm;

    /** The estimate from reference samples of p, with noise standard deviations {@code sx}, {@code sy} > 0. */
    public SmoothedDensityEstimate(double[][] referenceSamples, double sx, double sy) {
        if (referenceSamples.length == 0 || !(sx > 0) || !(sy > 0)) {
            throw new IllegalArgumentException("need reference samples and positive noise scales");
        }
        this.reference = referenceSamples.clone();
        Arrays.sort(reference, Comparator.comparingDouble(p -> p[0]));
        this.xs = Arrays.stream(reference).mapToDouble(p -> p[0]).toArray();
        this.sx = sx;
        this.sy = sy;
        this.logNorm = -Math.log(reference.length) - Math.log(2 * Math.PI * sx * sy);
    }

    /** {@code log p~(x, y)}; -infinity only where every kernel underflows. */
    public double logDensity(double x, double y) {
        int from = lowerBound(x - CUTOFF_STDS * sx);
        double max = Double.NEGATIVE_INFINITY;
        double[] exponents = new double[0];
        int count = 0;
        for (int j = from; j < xs.length && xs[j] <= x + CUTOFF_STDS * sx; j++) {
            double dx = (x - reference[j][0]) / sx;
            double dy = (y - reference[j][1]) / sy;
            double e = -0.5 * (dx * dx + dy * dy);
            if (count == exponents.length) {
                exponents = Arrays.copyOf(exponents, Math.max(64, 2 * count));
            }
            exponents[count++] = e;
            max = Math.max(max, e);
        }
        if (count == 0 || max == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += Math.exp(exponents[i] - max);
        }
        return max + Math.log(sum) + logNorm;
    }

    private int lowerBound(double value) {
        int lo = 0;
        int hi = xs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
