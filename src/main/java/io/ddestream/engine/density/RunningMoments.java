package io.ddestream.engine.density;

/**
 * Streaming per-feature mean and variance by Welford's update (numerically stable in one pass), frozen into a
 * {@link Standardizer}. Mutable and single-threaded.
 */
public final class RunningMoments {

    /** A std at or below this fraction of the mean's magnitude is rounding noise on a constant feature. */
    private static final double RELATIVE_NOISE = 1e-12;

    private final double[] mean;
    private final double[] sumSquaredDeviations;
    private long count;

    public RunningMoments(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        this.mean = new double[dimension];
        this.sumSquaredDeviations = new double[dimension];
    }

    /** Adds one row; every value must be finite (one NaN would poison the moments for good). */
    public void add(double[] row) {
        if (row.length != mean.length) {
            throw new IllegalArgumentException("expected " + mean.length + " features, got " + row.length);
        }
        for (int i = 0; i < row.length; i++) {
            if (!Double.isFinite(row[i])) {
                throw new IllegalArgumentException("feature " + i + " is not finite: " + row[i]);
            }
        }
        count++;
        for (int i = 0; i < row.length; i++) {
            double delta = row[i] - mean[i];
            mean[i] += delta / count;
            sumSquaredDeviations[i] += delta * (row[i] - mean[i]);
        }
    }

    /** Rows added so far. */
    public long count() {
        return count;
    }

    public int dimension() {
        return mean.length;
    }

    /**
     * The standardizer of the rows so far: their means and population stds (divided by n). A constant feature
     * (std zero, or at rounding-noise level relative to its mean) gets std 1.0, so that standardizing it gives
     * zeros instead of a division by zero, and it adds nothing to the log-Jacobian.
     */
    public Standardizer freeze() {
        if (count == 0) {
            throw new IllegalStateException("no rows added: nothing to standardize by");
        }
        double[] std = new double[mean.length];
        for (int i = 0; i < std.length; i++) {
            double s = Math.sqrt(sumSquaredDeviations[i] / count);
            std[i] = s > RELATIVE_NOISE * Math.abs(mean[i]) ? s : 1.0;
        }
        return Standardizer.of(mean, std);
    }
}
