package io.ddestream.engine.density;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.random.RandomGenerator;

/**
 * The defensive component of the proposal: a Gaussian with the data's mean and covariance, plus the smoothing
 * noise {@code sigma^2 I}, widened. Its tails are heavier than the smoothed data's wherever the data is roughly
 * Gaussian, which bounds the importance weights there. Points are rows, in float64.
 */
final class BroadGaussian {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final double[] mean;
    private final CholeskyFactor factor;
    private final INDArray meanRow;
    private final INDArray inverseFactor;
    private final double logNormalizer;

    private BroadGaussian(double[] mean, CholeskyFactor factor) {
        this.mean = mean;
        this.factor = factor;
        int d = mean.length;
        this.meanRow = Nd4j.create(mean, new long[] {1, d}, DataType.DOUBLE);
        this.inverseFactor = Nd4j.createFromArray(factor.inverse());
        this.logNormalizer = -0.5 * (d * LOG_2PI + factor.logDeterminant());
    }

    /**
     * {@code N(mean, widening^2 (Cov + sigma^2 I))} of the rows of {@code data} (n x d), computed in the data's
     * own floating type: a proposal only needs to be roughly right, since {@code log q0} is exact for whatever
     * proposal it is. The covariance is the population one (divided by n), so that a single row is enough.
     */
    static BroadGaussian fit(INDArray data, double sigma, double widening) {
        INDArray meanRow = data.mean(true, 0);
        INDArray centred = data.subRowVector(meanRow);
        double[][] cov = Nd4j.gemm(centred, centred, true, false).divi(data.rows()).castTo(DataType.DOUBLE)
                .toDoubleMatrix();
        double scale = widening * widening;
        for (int i = 0; i < cov.length; i++) {
            cov[i][i] += sigma * sigma;
            for (int j = 0; j < cov.length; j++) {
                cov[i][j] *= scale;
            }
        }
        return new BroadGaussian(meanRow.castTo(DataType.DOUBLE).toDoubleVector(), CholeskyFactor.of(cov));
    }

    /** Writes one draw, {@code mean + L e} with {@code e ~ N(0, I)}, into {@code out[offset .. offset + d)}. */
    void draw(RandomGenerator rng, double[] out, int offset) {
        double[] e = new double[mean.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = rng.nextGaussian();
        }
        factor.multiply(e, out, offset);
        for (int i = 0; i < mean.length; i++) {
            out[offset + i] += mean[i];
        }
    }

    /** Log-densities of the rows of {@code z} (B x d) as a B x 1 column: the Mahalanobis term is |L^-1 (z - mean)|^2. */
    INDArray logDensity(INDArray z) {
        INDArray whitened = Nd4j.gemm(z.subRowVector(meanRow), inverseFactor, false, true);
        return whitened.muli(whitened).sum(true, 1).muli(-0.5).addi(logNormalizer);
    }
}
