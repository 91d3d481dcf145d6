package io.ddestream.engine.density;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.random.RandomGenerator;

/**
 * The importance-sampling proposal {@code q0 = a * broad + (1 - a) * kernels}: a {@link KernelMixture} on the
 * data that follows the learned density closely, made defensive by a {@link BroadGaussian} that keeps the weights
 * bounded (by {@code 1/a} times the broad component's own ratio) wherever the kernels leave gaps. {@code log q0} is
 * the exact mixture density. Samples are drawn in plain Java from one seeded generator, so they are the same on
 * every tensor backend.
 */
final class DefensiveProposal {

    private final int dimension;
    private final double broadWeight;
    private final double logBroadWeight;
    private final double logKernelWeight;
    private final BroadGaussian broad;
    private final KernelMixture kernels;

    private DefensiveProposal(int dimension, double broadWeight, BroadGaussian broad, KernelMixture kernels) {
        this.dimension = dimension;
        this.broadWeight = broadWeight;
        this.logBroadWeight = Math.log(broadWeight);
        this.logKernelWeight = Math.log1p(-broadWeight);
        this.broad = broad;
        this.kernels = kernels;
    }

    /** The proposal for standardized data (n x d, any floating type) smoothed at {@code sigma}. */
    static DefensiveProposal fit(INDArray data, double sigma, LogPartitionEstimator.Settings settings,
                                 RandomGenerator rng) {
        BroadGaussian broad = BroadGaussian.fit(data, sigma, settings.broadWidening());
        KernelMixture kernels = KernelMixture.onRandomRows(data, settings.centres(), settings.kernelScale() * sigma, rng);
        return new DefensiveProposal(data.columns(), settings.broadWeight(), broad, kernels);
    }

    /** {@code rows} independent draws, as a rows x d float64 matrix. */
    INDArray sample(int rows, RandomGenerator rng) {
        double[] flat = new double[rows * dimension];
        for (int r = 0; r < rows; r++) {
            if (rng.nextDouble() < broadWeight) {
                broad.draw(rng, flat, r * dimension);
            } else {
                kernels.draw(rng, flat, r * dimension);
            }
        }
        return Nd4j.create(flat, new long[] {rows, dimension}, DataType.DOUBLE);
    }

    /** {@code log q0} of the rows of {@code z} (float64, B x d): a two-term logsumexp per row. */
    double[] logDensity(INDArray z) {
        double[] fromBroad = broad.logDensity(z).toDoubleVector();
        double[] fromKernels = kernels.logDensity(z).toDoubleVector();
        double[] logDensity = new double[fromBroad.length];
        for (int i = 0; i < logDensity.length; i++) {
            double a = logBroadWeight + fromBroad[i];
            double b = logKernelWeight + fromKernels[i];
            double max = Math.max(a, b);
            logDensity[i] = max + Math.log1p(Math.exp(Math.min(a, b) - max));
        }
        return logDensity;
    }
}
