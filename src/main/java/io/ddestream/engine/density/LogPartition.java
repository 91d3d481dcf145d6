package io.ddestream.engine.density;

import java.util.Locale;

/**
 * An importance-sampling estimate of {@code log Z = log Integral exp(s(z)) dz} over standardized space, with its
 * standard error and effective sample size (ESS).
 *
 * <p>The estimate is trusted ({@link #reliable()}) when {@code ESS >= max(100, 1% of the samples)}: below that a
 * few samples carry the estimate, the proposal has missed where the model puts its mass, and the standard error,
 * computed from those same weights, understates the real error.
 *
 * @param logZ                the estimate, in nats
 * @param standardError       its standard error by the delta method over the importance weights
 * @param effectiveSampleSize {@code (sum w)^2 / sum w^2}, between 1 and {@code samples}
 * @param samples             the number of proposal samples
 * @param dimension           the dimension of the space integrated over
 */
public record LogPartition(double logZ, double standardError, double effectiveSampleSize, int samples,
                           int dimension) {

    private static final double MIN_EFFECTIVE_SAMPLES = 100;
    private static final double MIN_EFFECTIVE_FRACTION = 0.01;

    public LogPartition {
        if (samples < 1 || dimension < 1) {
            throw new IllegalArgumentException("samples and dimension must be >= 1, got " + samples + ", " + dimension);
        }
    }

    /**
     * The estimate from the log importance weights {@code s(z_i) - log q0(z_i)}, {@code z_i ~ q0}, all finite:
     * {@code log Z = logsumexp(lw) - log N}. The weights are scaled by the largest before exponentiating, which
     * cancels in every statistic.
     */
    static LogPartition fromLogWeights(double[] logWeights, int dimension) {
        int n = logWeights.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double lw : logWeights) {
            max = Math.max(max, lw);
        }
        double sum = 0;
        double sumOfSquares = 0;
        for (double lw : logWeights) {
            double w = Math.exp(lw - max);
            sum += w;
            sumOfSquares += w * w;
        }
        double mean = sum / n;
        double variance = n > 1 ? Math.max(0, sumOfSquares - n * mean * mean) / (n - 1) : 0;
        // Delta method: sd(log mean w) = sd(mean w) / mean w = sd(w) / (sqrt(N) mean w).
        double standardError = Math.sqrt(variance) / (Math.sqrt(n) * mean);
        double effectiveSampleSize = sum * sum / sumOfSquares;
        return new LogPartition(max + Math.log(mean), standardError, effectiveSampleSize, n, dimension);
    }

    /** Whether the effective sample size is large enough to trust the estimate (see the class docs). */
    public boolean reliable() {
        return effectiveSampleSize >= Math.max(MIN_EFFECTIVE_SAMPLES, MIN_EFFECTIVE_FRACTION * samples);
    }

    /** One line for people, saying plainly when the estimate is not to be trusted. */
    public String describe() {
        String estimate = String.format(Locale.ROOT, "log Z = %.3f +- %.3f", logZ, standardError);
        if (reliable()) {
            return String.format(Locale.ROOT, "%s (ESS %.0f of %d)", estimate, effectiveSampleSize, samples);
        }
        return String.format(Locale.ROOT,
                "%s UNRELIABLE: effective sample size %.0f of %d; the proposal does not cover the model in %d dimensions",
                estimate, effectiveSampleSize, samples, dimension);
    }
}
