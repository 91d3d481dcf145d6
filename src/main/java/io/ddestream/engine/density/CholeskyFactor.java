package io.ddestream.engine.density;

/**
 * The lower-triangular factor {@code L} of a symmetric positive definite matrix {@code A = L L^T}, in plain
 * doubles: the matrices here are covariances of a few to about a hundred features, too small for ND4J to pay off.
 */
final class CholeskyFactor {

    /** First jitter tried, relative to the mean diagonal, and the largest one accepted before giving up. */
    private static final double FIRST_JITTER = 1e-12;
    private static final double LAST_JITTER = 1e-3;

    private final double[][] lower;

    private CholeskyFactor(double[][] lower) {
        this.lower = lower;
    }

    /**
     * Factors {@code a} (only its lower triangle is read). Rounding can leave a covariance barely indefinite, so a
     * failed attempt is retried with a diagonal jitter, growing tenfold from 1e-12 to 1e-3 of the mean diagonal.
     */
    static CholeskyFactor of(double[][] a) {
        double meanDiagonal = 0;
        for (int i = 0; i < a.length; i++) {
            meanDiagonal += a[i][i] / a.length;
        }
        double[][] lower = decompose(a, 0);
        for (double jitter = FIRST_JITTER; lower == null && jitter <= LAST_JITTER; jitter *= 10) {
            lower = decompose(a, jitter * meanDiagonal);
        }
        if (lower == null) {
            throw new IllegalArgumentException("the matrix is not positive definite, even with a diagonal jitter of "
                    + LAST_JITTER + " of its mean diagonal");
        }
        return new CholeskyFactor(lower);
    }

    /** The Cholesky-Banachiewicz recurrence on {@code a + jitter I}; null where a pivot is not positive. */
    private static double[][] decompose(double[][] a, double jitter) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int i = j; i < d; i++) {
                double v = a[i][j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) {
                    v -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(v > 0)) {
                        return null;
                    }
                    l[j][j] = Math.sqrt(v);
                } else {
                    l[i][j] = v / l[j][j];
                }
            }
        }
        return l;
    }

    int dimension() {
        return lower.length;
    }

    /** {@code log det A = 2 sum_i log L_ii}. */
    double logDeterminant() {
        double sum = 0;
        for (int i = 0; i < lower.length; i++) {
            sum += Math.log(lower[i][i]);
        }
        return 2 * sum;
    }

    /** Writes {@code L x} into {@code out[offset .. offset + d)}. */
    void multiply(double[] x, double[] out, int offset) {
        for (int i = 0; i < lower.length; i++) {
            double v = 0;
            for (int k = 0; k <= i; k++) {
                v += lower[i][k] * x[k];
            }
            out[offset + i] = v;
        }
    }

    /** {@code L^-1}, lower triangular, by forward substitution on the identity's columns. */
    double[][] inverse() {
        int d = lower.length;
        double[][] inv = new double[d][d];
        for (int col = 0; col < d; col++) {
            for (int i = col; i < d; i++) {
                double v = i == col ? 1 : 0;
                for (int k = col; k < i; k++) {
                    v -= lower[i][k] * inv[k][col];
                }
                inv[i][col] = v / lower[i][i];
            }
        }
        return inv;
    }
}
